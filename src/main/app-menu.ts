/**
 * The application menu: Quit (Cmd/Ctrl+Q) really quits, Close (Cmd/Ctrl+W) hides to the tray, and the
 * edit roles make copy and paste work in the dashboard's fields. Developer tools only in development.
 * Help → Show Log File reveals the main process's log (src/main/log.ts).
 */
import type { MenuItemConstructorOptions } from 'electron';

export function appMenuTemplate(platform: NodeJS.Platform, dev: boolean, help: { showLogFile?: () => void } = {}): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin';
  const menu: MenuItemConstructorOptions[] = [];
  if (mac) menu.push({ role: 'appMenu' });
  menu.push({
    label: 'File',
    submenu: [{ role: 'close', label: 'Close to tray' }, ...(mac ? [] : [{ type: 'separator' as const }, { role: 'quit' as const, accelerator: 'CmdOrCtrl+Q' }])],
  });
  menu.push({ role: 'editMenu' });
  menu.push({
    label: 'View',
    submenu: [
      ...(dev ? [{ role: 'reload' as const }, { role: 'toggleDevTools' as const }, { type: 'separator' as const }] : []),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  });
  menu.push({ role: 'windowMenu' });
  if (help.showLogFile) menu.push({ role: 'help', submenu: [{ label: 'Show Log File', click: help.showLogFile }] });
  return menu;
}
