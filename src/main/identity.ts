/**
 * Who the desktop app is to the OS. The app id is also electron-builder's `appId` (electron-builder.yml;
 * test/unit/main/electron-builder-config.test.ts keeps them equal): Windows groups taskbar buttons and
 * pinned shortcuts by it (app.setAppUserModelId), macOS uses it as the bundle id.
 */
export const APP_ID = 'org.switchboard.desktop';

/**
 * The LaunchAgent in the macOS bundle that starts the app at login with --hidden
 * (build/mac/org.switchboard.desktop.login.plist, copied to Contents/Library/LaunchAgents).
 */
export const MAC_LOGIN_AGENT = 'org.switchboard.desktop.login.plist';
