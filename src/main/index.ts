/**
 * Electron main: thin wiring of the controller (server lifecycle, settings, event stream) to a tray, a
 * window and IPC. The logic lives in small modules next to this one, each tested with plain fakes.
 */
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BrowserWindow, Menu, Tray, app, clipboard, ipcMain, nativeImage, session } from 'electron';
import { createController } from '../control/controller.js';
import { createFileSettingsStore } from '../control/settings-store.js';
import { createSignalingServer } from '../core/index.js';
import errorIconPath from '../../build/tray/error.png?asset';
import runningIconPath from '../../build/tray/running.png?asset';
import stoppedIconPath from '../../build/tray/stopped.png?asset';
import appIconPath from '../../build/icons/256x256.png?asset';
import { appMenuTemplate } from './app-menu.js';
import { isAppUrl, resolveAppLocation } from './app-url.js';
import { HIDDEN_ARG, createLoginItemSync, isAutostartSupported } from './autostart.js';
import { registerIpc } from './ipc.js';
import { installCleanQuit } from './quit.js';
import { contentSecurityPolicy, hardenWebContents, installSessionPolicy } from './security.js';
import { claimSingleInstance, focusWindow } from './single-instance.js';
import { createTrayActionHandler } from './tray-actions.js';
import { trayModel } from './tray-model.js';
import { createTrayRenderer } from './tray.js';
import { createMainWindow } from './window.js';
import { createQuitFlag } from './window-visibility.js';

const here = dirname(fileURLToPath(import.meta.url));
const log = (message: string): void => console.warn(message);

function main(): void {
  const quitFlag = createQuitFlag(app);
  let window: BrowserWindow | null = null;
  let showDashboard = (): void => undefined;

  if (!claimSingleInstance(app, () => showDashboard())) return;

  const settingsStore = createFileSettingsStore(join(app.getPath('userData'), 'settings.json'));
  const controller = createController({ createServer: createSignalingServer, settingsStore });
  installCleanQuit(app, () => controller.dispose());
  // The app lives in the tray: closing every window must not quit it.
  app.on('window-all-closed', () => undefined);

  const startHidden = process.argv.includes(HIDDEN_ARG) || (process.platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin);

  void app.whenReady().then(async () => {
    const location = resolveAppLocation({
      devUrl: process.env.ELECTRON_RENDERER_URL,
      isPackaged: app.isPackaged,
      indexFile: join(here, '../renderer/index.html'),
    });
    const isApp = (url: string): boolean => isAppUrl(location, url);
    installSessionPolicy(session.defaultSession, { csp: contentSecurityPolicy(location.kind === 'dev'), isAppUrl: isApp });
    app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, isApp));
    Menu.setApplicationMenu(Menu.buildFromTemplate(appMenuTemplate(process.platform, !app.isPackaged)));
    registerIpc(ipcMain, controller, isApp, log);

    const appIcon = nativeImage.createFromPath(appIconPath);
    const openWindow = (): void => {
      const created = createMainWindow({ preloadPath: join(here, '../preload/index.cjs'), icon: appIcon, location, quitFlag, startHidden: false, log });
      created.on('closed', () => {
        if (window === created) window = null;
      });
      window = created;
    };
    showDashboard = () => {
      if (!focusWindow(window)) openWindow();
    };

    const traySize = process.platform === 'darwin' ? 18 : 22;
    const icon = (path: string) => nativeImage.createFromPath(path).resize({ width: traySize, height: traySize });
    const icons = { running: icon(runningIconPath), stopped: icon(stoppedIconPath), error: icon(errorIconPath) };
    const tray = new Tray(icons.stopped);
    const onAction = createTrayActionHandler({ controller, clipboard, showDashboard: () => showDashboard(), quit: () => app.quit(), log });
    const trayRenderer = createTrayRenderer(tray, icons, (template) => Menu.buildFromTemplate(template), (action) => void onAction(action));
    const loginSupported = isAutostartSupported(process.platform);
    const syncLogin = createLoginItemSync(
      {
        platform: process.platform,
        app,
        env: process.env,
        home: homedir(),
        execPath: process.env.APPIMAGE ?? process.execPath,
        args: app.isPackaged ? [] : [app.getAppPath()],
      },
      log,
    );
    const render = (): void => {
      const status = controller.status();
      trayRenderer.render(trayModel(status, { startAtLogin: status.settings.start_at_login, startAtLoginSupported: loginSupported }));
      if (loginSupported) void syncLogin(status.settings.start_at_login);
    };
    controller.watch(render);
    render();

    if (!startHidden) openWindow();
    app.on('activate', () => showDashboard());

    if (controller.status().settings.start_on_launch) await controller.start();
  });
}

main();
