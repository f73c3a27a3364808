/**
 * Adapts the controller to IPC: one `handle` per command, one subscription channel. Every handler first
 * checks that the message comes from the app's own top-level page (`event.senderFrame`), then validates
 * its arguments with the command table's zod schemas (src/shared/commands.ts). Batches are pushed with
 * `webContents.send` (fire and forget), so the relay never waits for the window. While no window is
 * visible the stream is paused (`setStreamPaused`): the controller's batch timer stops; on resume each
 * window gets one batch with the current state and peers and `dropped: 1`, which makes the dashboard
 * re-sync (snapshot and recent events) as after any gap.
 */
import type { IpcMain, IpcMainEvent, IpcMainInvokeEvent, WebContents } from 'electron';
import type { Controller } from '../control/controller.js';
import { checkArgs, COMMAND_NAMES, COMMANDS, runCommand } from '../shared/commands.js';
import type { EventBatch } from '../shared/control.js';
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
  /** Number of windows currently subscribed to the event stream (paused or not). */
  subscriberCount(): number;
  /** Number of windows the controller is streaming to right now (0 while paused). */
  streamingCount(): number;
  /** Pauses (no window visible) or resumes the event stream of every subscribed window. */
  setStreamPaused(paused: boolean): void;
  /** Removes every handler and ends every subscription. */
  dispose(): void;
}

export function registerIpc(
  ipcMain: IpcMainLike,
  controller: Controller,
  isAppUrl: (url: string) => boolean,
  log: (message: string) => void = (m) => console.warn(m),
): IpcBinding {
  /** Windows that asked for the stream. */
  const subscribers = new Map<number, SubscriberContents>();
  /** Live controller subscriptions, by window (none while paused). */
  const subscriptions = new Map<number, () => void>();
  let paused = false;
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

  function startStream(contents: SubscriberContents): void {
    if (subscriptions.has(contents.id)) return;
    const unsubscribe = controller.subscribe((batch) => {
      if (contents.isDestroyed()) endSubscription(contents.id);
      else contents.send(IpcChannel.batch, batch);
    });
    subscriptions.set(contents.id, unsubscribe);
  }

  function stopStream(id: number): void {
    subscriptions.get(id)?.();
    subscriptions.delete(id);
  }

  function endSubscription(id: number): void {
    stopStream(id);
    subscribers.delete(id);
  }

  ipcMain.on(IpcChannel.subscribe, (event, ...args: unknown[]) => {
    if (!isTrustedSender(event, isAppUrl) || args.length !== 0) {
      log(`Switchboard: refused a subscription from ${event.senderFrame?.url ?? 'a destroyed frame'}`);
      return;
    }
    const contents: SubscriberContents = event.sender;
    if (subscribers.has(contents.id)) return; // one stream per window; the preload fans it out
    subscribers.set(contents.id, contents);
    if (!paused) startStream(contents);
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

  async function resync(): Promise<void> {
    const snapshot = await controller.getSnapshot();
    const batch: EventBatch = { events: [], dropped: 1, stats: snapshot.stats, state: snapshot.state, peers: snapshot.peers, cluster: snapshot.cluster ?? null };
    for (const contents of subscribers.values()) {
      if (!paused && !contents.isDestroyed()) contents.send(IpcChannel.batch, batch);
    }
  }

  return {
    subscriberCount: () => subscribers.size,
    streamingCount: () => subscriptions.size,
    setStreamPaused(next) {
      if (next === paused) return;
      paused = next;
      if (paused) {
        for (const id of [...subscriptions.keys()]) stopStream(id);
        return;
      }
      for (const contents of subscribers.values()) if (!contents.isDestroyed()) startStream(contents);
      resync().catch((err: unknown) => log(`Switchboard: could not re-sync the dashboard: ${err instanceof Error ? err.message : String(err)}`));
    },
    dispose() {
      for (const id of [...subscribers.keys()]) endSubscription(id);
      for (const name of COMMAND_NAMES) ipcMain.removeHandler(IpcChannel[name]);
      ipcMain.removeAllListeners(IpcChannel.subscribe);
      ipcMain.removeAllListeners(IpcChannel.unsubscribe);
    },
  };
}
