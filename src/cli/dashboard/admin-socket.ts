/**
 * The admin WebSocket: JSON-RPC requests mapped 1:1 to the command table (src/shared/commands.ts),
 * batches pushed to subscribers. Every message is validated with zod; bad input gets an error reply, never a crash. A socket that
 * cannot keep up (its send buffer is full) skips batches, counted in the next one's `dropped`:
 * the relay never waits for a dashboard.
 */
import type { WebSocket } from 'ws';
import { adminRequestSchema, type AdminRequest, type AdminResponse, type TokenResult } from '../../shared/admin-protocol.js';
import { argNames, checkArgs, COMMANDS, isCommandName, runCommand } from '../../shared/commands.js';
import type { ControlApi, EventBatch } from '../../shared/control.js';

/** Above this many buffered bytes a socket skips batches until it drains. */
export const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

function send(ws: WebSocket, message: AdminResponse | { type: 'batch'; batch: EventBatch }): void {
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
}

/** What the dashboard server itself answers (not the controller's business). */
export interface AdminExtras {
  /** Makes a new dashboard token; every open session ends. Throws when it cannot be stored. */
  regenerateToken?: () => string;
}

type Reply = { result: unknown } | { error: string };

/** Runs one request: the socket's own methods, or a command of the table with its arguments checked. */
async function dispatch(control: ControlApi, req: AdminRequest, subscribe: () => void, unsubscribe: () => void, extras: AdminExtras): Promise<Reply> {
  if (req.method === 'subscribe' || req.method === 'unsubscribe' || req.method === 'regenerateToken') {
    if (req.params !== undefined) return { error: `Bad request at params: ${req.method} takes no params` };
    if (req.method === 'regenerateToken') return { result: await regenerate(control, extras) };
    (req.method === 'subscribe' ? subscribe : unsubscribe)();
    return { result: { ok: true } };
  }
  if (!isCommandName(req.method)) return { error: `Bad request at method: unknown method ${req.method}` };
  const name = req.method;
  const names = argNames(name);
  const extra = Object.keys(req.params ?? {}).filter((k) => !names.includes(k));
  if (extra.length > 0) return { error: `Bad request at params.${extra[0]}: ${name} takes no such param` };
  const checked = checkArgs(name, names.map((n) => req.params?.[n]));
  if (!checked.ok) {
    // A command answers as over IPC: `{ ok: false, issues }` by field, for a form to show; a query has no such answer.
    return COMMANDS[name].kind === 'query' ? { error: `Bad request: ${checked.result.error}` } : { result: checked.result };
  }
  return { result: await runCommand(control, name, checked.args) };
}

/** A new dashboard token (headless only; refused to a read-only dashboard). */
async function regenerate(control: ControlApi, extras: AdminExtras): Promise<TokenResult> {
  if (!extras.regenerateToken) return { ok: false, error: 'This dashboard has no token to regenerate.' };
  if ((await control.getSnapshot()).readOnly) return { ok: false, error: 'This dashboard is read-only.' };
  try {
    return { ok: true, token: extras.regenerateToken() };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}

function requestId(value: unknown): number | null {
  if (typeof value === 'object' && value !== null && 'id' in value) {
    const id = (value as { id: unknown }).id;
    if (typeof id === 'number' && Number.isInteger(id) && id >= 0) return id;
  }
  return null;
}

export function serveAdminSocket(ws: WebSocket, control: ControlApi, extras: AdminExtras = {}): void {
  let unsubscribeFn: (() => void) | null = null;
  // What skipped batches said, carried into the next batch sent: their events (and drops) as dropped,
  // the newest state and peers they held (a batch only has them when they changed).
  let skipped = 0;
  let skippedState: EventBatch['state'];
  let skippedPeers: EventBatch['peers'];

  const subscribe = () => {
    if (unsubscribeFn) return;
    unsubscribeFn = control.subscribe((batch) => {
      if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
        skipped += batch.events.length + batch.dropped;
        if (batch.state) skippedState = batch.state;
        if (batch.peers) skippedPeers = batch.peers;
        return;
      }
      const out: EventBatch = { ...batch, dropped: batch.dropped + skipped };
      const state = batch.state ?? skippedState;
      const peers = batch.peers ?? skippedPeers;
      if (state) out.state = state;
      if (peers) out.peers = peers;
      skipped = 0;
      skippedState = undefined;
      skippedPeers = undefined;
      send(ws, { type: 'batch', batch: out });
    });
  };
  const unsubscribe = () => {
    unsubscribeFn?.();
    unsubscribeFn = null;
  };

  ws.on('message', (data, isBinary) => {
    if (isBinary) {
      send(ws, { id: null, error: { message: 'Binary messages are not understood; send JSON text' } });
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(data.toString());
    } catch {
      send(ws, { id: null, error: { message: 'Not JSON' } });
      return;
    }
    const parsed = adminRequestSchema.safeParse(value);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      const where = first && first.path.length > 0 ? ` at ${first.path.join('.')}` : '';
      send(ws, { id: requestId(value), error: { message: `Bad request${where}: ${first?.message ?? 'invalid'}` } });
      return;
    }
    const req = parsed.data;
    dispatch(control, req, subscribe, unsubscribe, extras).then(
      (reply) => send(ws, 'error' in reply ? { id: req.id, error: { message: reply.error } } : ({ id: req.id, result: reply.result } as AdminResponse)),
      (err: unknown) => send(ws, { id: req.id, error: { message: err instanceof Error ? err.message : String(err) } }),
    );
  });
  ws.on('close', unsubscribe);
  ws.on('error', unsubscribe);
}
