/**
 * What the tray shows, as plain data: the icon for the state, the tooltip, and the context menu. The
 * menu is always there (Linux desktops differ on clicks), and every item maps to an action id. Volatile
 * figures (the peer count) are only in the tooltip, never in the menu: rebuilding a native menu closes it
 * when open and flickers on GNOME/KDE, so the menu changes only with the server state.
 */
import type { ControllerStatus } from '../control/controller.js';

export type TrayIconState = 'running' | 'stopped' | 'error';
export type TrayAction = 'open-dashboard' | 'start' | 'stop' | 'copy-address' | 'toggle-start-at-login' | 'quit';

export type TrayMenuItem =
  | { type: 'normal'; action: TrayAction; label: string; enabled: boolean }
  | { type: 'checkbox'; action: TrayAction; label: string; enabled: boolean; checked: boolean }
  | { type: 'separator' }
  | { type: 'info'; label: string };

export interface TrayModel {
  icon: TrayIconState;
  tooltip: string;
  menu: TrayMenuItem[];
}

export function trayIconState(status: ControllerStatus): TrayIconState {
  switch (status.state.status) {
    case 'running':
    case 'stopping':
      return 'running';
    case 'error':
      return 'error';
    default:
      return 'stopped';
  }
}

/** The address a PeerJS client uses: the first LAN URL while running, else null. */
export function peerjsAddress(status: ControllerStatus): string | null {
  return status.state.status === 'running' ? (status.state.addresses[0] ?? null) : null;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function trayTooltip(status: ControllerStatus): string {
  const { state } = status;
  switch (state.status) {
    case 'running':
      return `Switchboard — running at ${peerjsAddress(status) ?? `port ${state.port ?? '?'}`} — ${plural(status.peerCount, 'peer')}`;
    case 'starting':
      return `Switchboard — starting on port ${status.settings.port}…`;
    case 'stopping':
      return 'Switchboard — stopping…';
    case 'error':
      return `Switchboard — error: ${state.error ?? 'unknown error'}`;
    default:
      return 'Switchboard — stopped';
  }
}

/** The menu's status line: like the tooltip, without the peer count. */
export function trayMenuStatus(status: ControllerStatus): string {
  if (status.state.status === 'running') return `Server: running at ${peerjsAddress(status) ?? `port ${status.state.port ?? '?'}`}`;
  return trayTooltip(status).replace(/^Switchboard — /, 'Server: ');
}

export function trayModel(status: ControllerStatus, options: { startAtLogin: boolean; startAtLoginSupported: boolean }): TrayModel {
  const s = status.state.status;
  const busy = s === 'starting' || s === 'stopping';
  const running = s === 'running';
  const address = peerjsAddress(status);
  const menu: TrayMenuItem[] = [{ type: 'info', label: trayMenuStatus(status) }];
  menu.push({ type: 'separator' });
  menu.push({ type: 'normal', action: 'open-dashboard', label: 'Open dashboard', enabled: true });
  menu.push(
    running || s === 'stopping'
      ? { type: 'normal', action: 'stop', label: 'Stop server', enabled: !busy }
      : { type: 'normal', action: 'start', label: 'Start server', enabled: !busy },
  );
  menu.push({
    type: 'normal',
    action: 'copy-address',
    label: address ? `Copy PeerJS address (${address})` : 'Copy PeerJS address',
    enabled: address !== null,
  });
  menu.push({ type: 'separator' });
  menu.push({
    type: 'checkbox',
    action: 'toggle-start-at-login',
    label: 'Start at login',
    enabled: options.startAtLoginSupported,
    checked: options.startAtLogin,
  });
  menu.push({ type: 'separator' });
  menu.push({ type: 'normal', action: 'quit', label: 'Quit Switchboard', enabled: true });
  return { icon: trayIconState(status), tooltip: trayTooltip(status), menu };
}
