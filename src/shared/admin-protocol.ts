/**
 * The admin WebSocket protocol between the headless dashboard server (src/cli/dashboard) and the web
 * bridge of the renderer: a tiny typed JSON-RPC. Requests map 1:1 to the command table; batches are pushed.
 */
import { z } from 'zod';
import { COMMAND_NAMES, type CommandAnswer, type CommandName } from './commands.js';
import type { CommandResult, EventBatch } from './control.js';

/** Path of the admin WebSocket on the dashboard server. */
export const ADMIN_SOCKET_PATH = '/admin';
/** Largest request the admin socket accepts, in bytes. */
export const ADMIN_MAX_REQUEST_BYTES = 1024 * 1024;

const id = z.number().int().nonnegative();

/** The stream's own methods. */
export const STREAM_METHODS = ['subscribe', 'unsubscribe'] as const;
/** The admin socket's own methods: the stream's, and the dashboard server's `regenerateToken` (headless only). */
export const ADMIN_METHODS = [...STREAM_METHODS, 'regenerateToken'] as const;

/**
 * The envelope of every request: one of the admin socket's own methods, or a command of the table
 * (./commands.ts). A command's `params` are its arguments by name (e.g. `{ settings }`), checked against
 * the command table by the admin socket.
 */
export const adminRequestSchema = z
  .object({
    id,
    method: z.enum([...ADMIN_METHODS, ...COMMAND_NAMES]),
    params: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();
export type AdminRequest = z.infer<typeof adminRequestSchema>;
export type AdminMethod = CommandName | (typeof ADMIN_METHODS)[number];

/** What each method answers with. */
export type AdminResults = { [K in CommandName]: CommandAnswer<K> } & { subscribe: CommandResult; unsubscribe: CommandResult; regenerateToken: TokenResult };

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
