/**
 * Adapts the controller to IPC: one `handle` per command, one subscription channel. Every handler first
 * checks that the message comes from the app's own top-level page (`event.senderFrame`), then validates
 * its arguments with the command table's zod schemas (src/shared/commands.ts). Batches are pushed with `webContents.send` (fire and forget), so the relay
 * never waits for the window.
 */
import type { IpcMain, IpcMainEvent, IpcMainInvokeEvent, WebContents } from 'electron';
import type { Controller } from '../control/controller.js';
import { checkArgs, COMMAND_NAMES, COMMANDS, runCommand } from '../shared/commands.js';
import { IpcChannel } from '../shared/ipc.js';

type SenderEvent = Pick<IpcMainInvokeEvent | IpcMainEvent, 'senderFrame' | 'sender'>;

/** True when the sender is the app's own page in its top-level frame. */
export function isTrustedSender(event: SenderEvent, isAppUrl: (url: string) => boolean): boolean {
  const frame = event.senderFrame;
  if (!frame) return false; // navigated away or destroyed before the message was handled
  if (frame.parent !== null) return false; // no sub-frames
  return isAppUrl(frame.url);
}

export class UntrustedSenderError extends Error {
  constructor(url: string | null) {
    super(`Refused IPC from an untrusted sender (${url ?? 'no frame'})`);
    this.name = 'UntrustedSenderError';
  }
}

export { checkArgs } from '../shared/commands.js';

type IpcMainLike = Pick<IpcMain, 'handle' | 'on' | 'removeHandler' | 'removeAllListeners'>;
type SubscriberContents = Pick<WebContents, 'id' | 'send' | 'isDestroyed' | 'once'>;

export interface IpcBinding {
  /** Number of windows currently subscribed to the event stream. */
  subscriberCount(): number;
  /** Removes every handler and ends every subscription. */
  dispose(): void;
}

export function registerIpc(
  ipcMain: IpcMainLike,
  controller: Controller,
  isAppUrl: (url: string) => boolean,
  log: (message: string) => void = (m) => console.warn(m),
): IpcBinding {
  const subscriptions = new Map<number, () => void>();
  /** Windows whose 'destroyed' already ends their stream (one listener each, however often they re-subscribe). */
  const watched = new Set<number>();

  function guard(event: SenderEvent): void {
    if (!isTrustedSender(event, isAppUrl)) {
      const url = event.senderFrame?.url ?? null;
      log(`Switchboard: refused IPC from ${url ?? 'a destroyed frame'}`);
      throw new UntrustedSenderError(url);
    }
  }

  // One handler per command of the table: trusted sender, then arguments checked with the table's schemas.
  for (const name of COMMAND_NAMES) {
    const query = COMMANDS[name].kind === 'query';
    ipcMain.handle(IpcChannel[name], async (event, ...args: unknown[]): Promise<unknown> => {
      guard(event);
      const checked = checkArgs(name, args);
      if (checked.ok) return runCommand(controller, name, checked.args);
      if (query) throw new Error(checked.result.error);
      return checked.result;
    });
  }

  function endSubscription(id: number): void {
    subscriptions.get(id)?.();
    subscriptions.delete(id);
  }

  ipcMain.on(IpcChannel.subscribe, (event, ...args: unknown[]) => {
    if (!isTrustedSender(event, isAppUrl) || args.length !== 0) {
      log(`Switchboard: refused a subscription from ${event.senderFrame?.url ?? 'a destroyed frame'}`);
      return;
    }
    const contents: SubscriberContents = event.sender;
    if (subscriptions.has(contents.id)) return; // one stream per window; the preload fans it out
    const unsubscribe = controller.subscribe((batch) => {
      if (contents.isDestroyed()) endSubscription(contents.id);
      else contents.send(IpcChannel.batch, batch);
    });
    subscriptions.set(contents.id, unsubscribe);
    if (watched.has(contents.id)) return;
    watched.add(contents.id);
    contents.once('destroyed', () => {
      watched.delete(contents.id);
      endSubscription(contents.id);
    });
  });
  ipcMain.on(IpcChannel.unsubscribe, (event, ...args: unknown[]) => {
    if (!isTrustedSender(event, isAppUrl) || args.length !== 0) return;
    endSubscription(event.sender.id);
  });

  return {
    subscriberCount: () => subscriptions.size,
    dispose() {
      for (const id of [...subscriptions.keys()]) endSubscription(id);
      for (const name of COMMAND_NAMES) ipcMain.removeHandler(IpcChannel[name]);
      ipcMain.removeAllListeners(IpcChannel.subscribe);
      ipcMain.removeAllListeners(IpcChannel.unsubscribe);
    },
  };
}
