/** IPC channel names between preload and main: one per command of the command table, and the event stream's. */
import { COMMAND_NAMES, type CommandName } from './commands.js';

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

const STREAM = {
  subscribe: 'switchboard:subscribe',
  unsubscribe: 'switchboard:unsubscribe',
  batch: 'switchboard:batch',
} as const;

export const IpcChannel: Readonly<Record<CommandName, string> & typeof STREAM> = Object.freeze({
  ...(Object.fromEntries(COMMAND_NAMES.map((name) => [name, `switchboard:${kebab(name)}`])) as Record<CommandName, string>),
  ...STREAM,
});
export type IpcChannelName = (typeof IpcChannel)[keyof typeof IpcChannel];

/** The property of `window` under which the preload exposes the Electron `Bridge` (window.switchboard). */
export const BRIDGE_GLOBAL = 'switchboard';
