/**
 * Electron main: thin wiring of the controller (server lifecycle, settings, event stream) to a tray, a
 * window and IPC. The logic lives in small modules next to this one, each tested with plain fakes; this
 * file itself is run, built, by test/smoke/main-bundle.test.ts against a fake `electron` module.
 */
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BrowserWindow, Menu, Tray, app, clipboard, ipcMain, nativeImage, powerMonitor, protocol, session, shell } from 'electron';
import { createController } from '../control/controller.js';
import { createFileSettingsStore } from '../control/settings-store.js';
import { createSignalingServer } from '../core/index.js';
import appIconPath from '../../build/icons/256x256.png?asset';
import { appMenuTemplate } from './app-menu.js';
import { APP_SCHEME, APP_SCHEME_PRIVILEGES, createAppProtocolHandler } from './app-protocol.js';
import { isAppUrl, resolveAppLocation } from './app-url.js';
import { HIDDEN_ARG, createLoginItemMirror, isAutostartSupported } from './autostart.js';
import { APP_ID } from './identity.js';
import { registerIpc } from './ipc.js';
import { createMainLog, installProcessGuards } from './log.js';
import { installCleanQuit, installSessionEnd } from './quit.js';
import { contentSecurityPolicy, hardenWebContents, installSessionPolicy } from './security.js';
import { claimSingleInstance, focusWindow } from './single-instance.js';
import { createTrayActionHandler } from './tray-actions.js';
import { createTrayHostWatch, detectTrayHost } from './tray-host.js';
import { trayImages } from './tray-icons.js';
import { trayModel } from './tray-model.js';
import { createTrayRenderer } from './tray.js';
import { createMainWindow } from './window.js';
import { createQuitFlag, isOnScreen } from './window-visibility.js';

const here = dirname(fileURLToPath(import.meta.url));
const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err));

function main(): void {
  // Windows groups the taskbar button, pinned shortcut and notifications by this id (= electron-builder appId).
  if (process.platform === 'win32') app.setAppUserModelId(APP_ID);
  const log = createMainLog({ dir: app.getPath('logs'), echo: !app.isPackaged });
  installProcessGuards(log);
  // Before `ready`: the dashboard's own scheme (src/main/app-protocol.ts).
  protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);

  const instance = claimSingleInstance(app);
  if (!instance) return;
  log.info(`Switchboard ${app.getVersion()} starting (settings in ${app.getPath('userData')}, log in ${log.file})`);

  const quitFlag = createQuitFlag(app);
  const settingsStore = createFileSettingsStore(join(app.getPath('userData'), 'settings.json'));
  const controller = createController({ createServer: createSignalingServer, settingsStore });
  const cleanQuit = installCleanQuit(app, () => controller.dispose(), { log: (m, e) => log.error(m, ...(e === undefined ? [] : [e])) });
  // The app lives in the tray: closing every window must not quit it.
  app.on('window-all-closed', () => undefined);

  const startHidden = process.argv.includes(HIDDEN_ARG);
  const trayHostProbe = detectTrayHost(process.platform);

  void app
    .whenReady()
    .then(async () => {
      const location = resolveAppLocation({ devUrl: process.env.ELECTRON_RENDERER_URL, isPackaged: app.isPackaged, rendererRoot: join(here, '../renderer') });
      const csp = contentSecurityPolicy(location.kind === 'dev');
      if (location.kind === 'app') protocol.handle(APP_SCHEME, createAppProtocolHandler(location.root, csp));
      const isApp = (url: string): boolean => isAppUrl(location, url);
      installSessionPolicy(session.defaultSession, { csp, isAppUrl: isApp });
      app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, isApp));
      Menu.setApplicationMenu(Menu.buildFromTemplate(appMenuTemplate(process.platform, !app.isPackaged, { showLogFile: () => shell.showItemInFolder(log.file) })));
      const ipc = registerIpc(ipcMain, controller, isApp, (m) => log.warn(m));
      const sessionEnd = installSessionEnd({ platform: process.platform, app, powerMonitor, cleanQuit, log: (m) => log.info(m) });

      const hostAnswer = await trayHostProbe;
      log.info(`Tray: ${hostAnswer.available ? 'available' : 'NOT available, the window will minimise instead of hiding'} (${hostAnswer.reason})`);
      const trayHost = createTrayHostWatch(process.platform, hostAnswer, undefined, (m) => log.info(m));

      const loginSupported = isAutostartSupported(process.platform);
      const loginMirror = loginSupported
        ? createLoginItemMirror(
            {
              platform: process.platform,
              app,
              env: process.env,
              home: homedir(),
              execPath: process.env.APPIMAGE ?? process.execPath,
              args: app.isPackaged ? [] : [app.getAppPath()],
            },
            async (enabled) => {
              const { settings } = controller.status();
              if (settings.start_at_login === enabled) return;
              const r = await controller.applySettings({ ...settings, start_at_login: enabled });
              if (!r.ok) log.warn(`Could not record the start-at-login state: ${r.error}`);
            },
            (m) => log.warn(m),
          )
        : null;
      await loginMirror?.refresh();

      let window: BrowserWindow | null = null;
      const updateStream = (): void => ipc.setStreamPaused(!isOnScreen(window));
      const appIcon = nativeImage.createFromPath(appIconPath);
      const openWindow = (hidden: boolean): BrowserWindow => {
        const created = createMainWindow({
          preloadPath: join(here, '../preload/index.cjs'),
          icon: appIcon,
          location,
          quitFlag,
          startHidden: hidden,
          canHide: () => trayHost.available,
          log: (m) => log.warn(m),
        });
        for (const event of ['show', 'hide', 'minimize', 'restore'] as const) created.on(event as 'show', updateStream);
        created.on('hide', () => void trayHost.refresh());
        created.on('focus', () => void loginMirror?.refresh());
        created.on('closed', () => {
          if (window === created) window = null;
          updateStream();
        });
        sessionEnd.watchWindow(created);
        window = created;
        updateStream();
        return created;
      };
      const showDashboard = (): void => {
        if (!focusWindow(window)) focusWindow(openWindow(false));
      };

      const icons = trayImages(nativeImage, process.platform);
      const tray = new Tray(icons.stopped);
      // Left click opens the dashboard (Windows, KDE); on macOS a click opens the menu.
      if (process.platform !== 'darwin') tray.on('click', () => showDashboard());
      const onAction = createTrayActionHandler({ controller, clipboard, showDashboard, quit: () => app.quit(), log: (m) => log.warn(m) });
      const trayRenderer = createTrayRenderer(tray, icons, (template) => Menu.buildFromTemplate(template), (action) => void onAction(action));
      app.on('will-quit', () => trayRenderer.dispose());
      const render = (): void => {
        const status = controller.status();
        trayRenderer.render(trayModel(status, { startAtLogin: status.settings.start_at_login, startAtLoginSupported: loginSupported }));
        void loginMirror?.settingChanged(status.settings.start_at_login);
      };
      controller.watch(render);
      render();

      // The window always exists (Windows sends session-end only to windows); it stays hidden when
      // started at login, unless there is no tray to come back from.
      openWindow(startHidden);
      instance.ready(showDashboard);
      app.on('activate', () => showDashboard());

      if (controller.status().settings.start_on_launch) {
        const started = await controller.start();
        if (!started.ok) log.warn(`The server did not start: ${started.error}`);
      }
    })
    .catch((err: unknown) => log.error(`Switchboard could not start: ${errorText(err)}`, err));
}

main();
