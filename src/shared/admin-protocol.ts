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

/** The stream's own methods; every other method is a command of the table (./commands.ts). */
export const STREAM_METHODS = ['subscribe', 'unsubscribe'] as const;

/**
 * The envelope of every request. A command's `params` are its arguments by name (e.g.
 * `{ settings }`), checked against the command table by the admin socket.
 */
export const adminRequestSchema = z
  .object({
    id,
    method: z.enum([...STREAM_METHODS, ...COMMAND_NAMES]),
    params: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();
export type AdminRequest = z.infer<typeof adminRequestSchema>;
export type AdminMethod = CommandName | (typeof STREAM_METHODS)[number];

/** What each method answers with. */
export type AdminResults = { [K in CommandName]: CommandAnswer<K> } & { subscribe: CommandResult; unsubscribe: CommandResult };

export type AdminResponse =
  | { id: number; result: AdminResults[AdminMethod] }
  | { id: number | null; error: { message: string } };

export interface AdminPush {
  type: 'batch';
  batch: EventBatch;
}

export type AdminServerMessage = AdminResponse | AdminPush;
