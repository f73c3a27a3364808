/** IPC channel names between preload and main: one per command, one for the event stream. */
export const IpcChannel = {
  getSnapshot: 'switchboard:get-snapshot',
  getRecentEvents: 'switchboard:get-recent-events',
  start: 'switchboard:start',
  stop: 'switchboard:stop',
  applySettings: 'switchboard:apply-settings',
  disconnectPeer: 'switchboard:disconnect-peer',
  subscribe: 'switchboard:subscribe',
  unsubscribe: 'switchboard:unsubscribe',
  batch: 'switchboard:batch',
} as const;
export type IpcChannelName = (typeof IpcChannel)[keyof typeof IpcChannel];

/** The property of `window` under which the preload exposes the Electron `Bridge` (window.switchboard). */
export const BRIDGE_GLOBAL = 'switchboard';
