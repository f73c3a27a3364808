/**
 * The admin WebSocket protocol between the headless dashboard server (src/cli/dashboard) and the web
 * bridge of the renderer: a tiny typed JSON-RPC. Requests map 1:1 to `ControlApi`; batches are pushed.
 */
import { z } from 'zod';
import type { ControlSnapshot, CommandResult, EventBatch } from './control.js';
import type { ServerEvent } from './events.js';

/** Path of the admin WebSocket on the dashboard server. */
export const ADMIN_SOCKET_PATH = '/admin';
/** Largest request the admin socket accepts, in bytes. */
export const ADMIN_MAX_REQUEST_BYTES = 1024 * 1024;

const id = z.number().int().nonnegative();

/** Every request the admin socket understands. `params` of applySettings is validated by the settings schema. */
export const adminRequestSchema = z.discriminatedUnion('method', [
  z.object({ id, method: z.literal('getSnapshot') }).strict(),
  z.object({ id, method: z.literal('getRecentEvents') }).strict(),
  z.object({ id, method: z.literal('start') }).strict(),
  z.object({ id, method: z.literal('stop') }).strict(),
  z.object({ id, method: z.literal('applySettings'), params: z.object({ settings: z.unknown() }).strict() }).strict(),
  z.object({ id, method: z.literal('disconnectPeer'), params: z.object({ id: z.string().min(1).max(256) }).strict() }).strict(),
  z.object({ id, method: z.literal('subscribe') }).strict(),
  z.object({ id, method: z.literal('unsubscribe') }).strict(),
  // The dashboard server's own command (headless only): a new access token; every open session ends.
  z.object({ id, method: z.literal('regenerateToken') }).strict(),
]);
export type AdminRequest = z.infer<typeof adminRequestSchema>;
export type AdminMethod = AdminRequest['method'];

/** What each method answers with. */
export interface AdminResults {
  getSnapshot: ControlSnapshot;
  getRecentEvents: ServerEvent[];
  start: CommandResult;
  stop: CommandResult;
  applySettings: CommandResult;
  disconnectPeer: CommandResult;
  subscribe: CommandResult;
  unsubscribe: CommandResult;
  regenerateToken: TokenResult;
}

/** The new dashboard token, for the page that asked to reload with it. */
export type TokenResult = { ok: true; token: string } | { ok: false; error: string };

export type AdminResponse =
  | { id: number; result: AdminResults[AdminMethod] }
  | { id: number | null; error: { message: string } };

export interface AdminPush {
  type: 'batch';
  batch: EventBatch;
}

export type AdminServerMessage = AdminResponse | AdminPush;
