/**
 * The command table: every control command with its arguments (name and zod schema, in call order), what
 * it answers, and whether it is a query (answers data, fails by throwing) or a command (answers a
 * `CommandResult`). `ControlApi` (./control.ts) is derived from it; the IPC adapter (src/main/ipc.ts), the
 * preload bridge (src/preload/bridge.ts), the admin socket (src/cli/dashboard/admin-socket.ts,
 * ./admin-protocol.ts) and the web bridge (src/renderer/bridge/web.ts) are all generated from it in a loop.
 *
 * To add a command: add it here, implement it in the controller (the compiler asks for it), call it from
 * the renderer. Nothing else.
 */
import { z } from 'zod';
import type { CommandResult, ControlApi, ControlSnapshot } from './control.js';
import type { ServerEvent } from './events.js';
import { settingLabel, settingsSchema, type FieldIssue } from './settings.js';

type ArgSpec = readonly [name: string, schema: z.ZodType];

/** What a command answers with: a type only (its value is never read). */
declare const answerType: unique symbol;
type Answer<T> = { readonly [answerType]?: T };
const answers = <T>(): Answer<T> => ({});

export interface CommandSpec {
  kind: 'query' | 'command';
  args: readonly ArgSpec[];
  answer: Answer<unknown>;
  /** What the command does, for whoever implements or calls it. */
  doc: string;
}

/** Longest peer id a UI may name (ids past the core's own rule exist only with validate_ids off). */
export const MAX_COMMAND_ID_LENGTH = 512;

const result = answers<CommandResult>();

export const COMMANDS = {
  getSnapshot: { kind: 'query', args: [], answer: answers<ControlSnapshot>(), doc: 'The whole state a UI starts from.' },
  getRecentEvents: { kind: 'query', args: [], answer: answers<ServerEvent[]>(), doc: "Events still held in the core's ring buffer, oldest first." },
  start: { kind: 'command', args: [], answer: result, doc: 'Starts the server with the saved settings.' },
  stop: { kind: 'command', args: [], answer: result, doc: 'Stops the server; every peer is closed (1001).' },
  applySettings: {
    kind: 'command',
    args: [['settings', settingsSchema]],
    answer: result,
    doc:
      'Validates the settings; when the server runs (or is in error) and a server option changed, binds a server ' +
      'with them first and only then closes the old one and saves. If that fails, the old server keeps running, ' +
      "nothing is saved, and the result's `issues` name the field (port in use → `port`).",
  },
  disconnectPeer: {
    kind: 'command',
    args: [['id', z.string({ error: 'A peer id is required' }).min(1, 'A peer id is required').max(MAX_COMMAND_ID_LENGTH, 'Peer id too long')]],
    answer: result,
    doc: 'Closes one peer (4002 kicked).',
  },
} as const satisfies Record<string, CommandSpec>;

type Table = typeof COMMANDS;
/** The request/answer commands (subscribe is a stream, wired by each transport). */
export type CommandName = keyof Table;
type ArgTypes<A> = { -readonly [I in keyof A]: A[I] extends readonly [string, infer S extends z.ZodType] ? z.output<S> : never };
export type CommandArgs<K extends CommandName> = ArgTypes<Table[K]['args']>;
export type CommandAnswer<K extends CommandName> = Table[K]['answer'] extends Answer<infer T> ? T : never;
/** One method per command, as `ControlApi` has them. */
export type CommandMethods = { [K in CommandName]: (...args: CommandArgs<K>) => Promise<CommandAnswer<K>> };

export const COMMAND_NAMES = Object.keys(COMMANDS) as CommandName[];

export function isCommandName(name: string): name is CommandName {
  return Object.hasOwn(COMMANDS, name);
}

/** Names of a command's arguments, in call order (the admin socket sends them as named params). */
export function argNames(name: CommandName): string[] {
  return (COMMANDS[name].args as readonly ArgSpec[]).map(([arg]) => arg);
}

export type ArgCheck<K extends CommandName> = { ok: true; args: CommandArgs<K> } | { ok: false; result: CommandResult & { ok: false } };

/** Validates the arguments of one command; failures become a CommandResult with field issues. */
export function checkArgs<K extends CommandName>(name: K, args: unknown[]): ArgCheck<K> {
  const specs: readonly ArgSpec[] = COMMANDS[name].args;
  const schema = z.tuple(specs.map(([, s]) => s) as [z.ZodType, ...z.ZodType[]]);
  const parsed = (specs.length === 0 ? z.tuple([]) : schema).safeParse(args);
  if (parsed.success) return { ok: true, args: parsed.data as CommandArgs<K> };
  const issues: FieldIssue[] = parsed.error.issues.map((issue) => {
    // The argument's index is not a field the user knows about: drop it.
    const field = issue.path.slice(1).map(String).join('.') || '(arguments)';
    const label = issue.path.length > 1 ? settingLabel(field) : null;
    return { field, message: label ? `${label} ${issue.message}` : issue.message };
  });
  return { ok: false, result: { ok: false, error: `Invalid arguments for ${name}; nothing was changed.`, issues } };
}

/** Runs a checked command on an implementation of the ControlApi. */
export function runCommand<K extends CommandName>(api: ControlApi, name: K, args: CommandArgs<K>): Promise<CommandAnswer<K>> {
  const method = api[name] as (...a: CommandArgs<K>) => Promise<CommandAnswer<K>>;
  return method.apply(api, args);
}

/**
 * One method per command, each sending its own fixed name through `send` (the preload's and the web
 * bridge's methods). With `settle`, a transport failure of a command answers `{ ok: false }` (a query
 * still rejects); without, every failure rejects.
 */
export function commandMethods(send: (name: CommandName, args: unknown[]) => Promise<unknown>, settle: boolean): CommandMethods {
  const out: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
  for (const name of COMMAND_NAMES) {
    // Exactly the declared arguments travel (a click handler's event passed along is not an argument).
    const count = COMMANDS[name].args.length;
    out[name] =
      COMMANDS[name].kind === 'query' || !settle
        ? (...args: unknown[]) => send(name, args.slice(0, count))
        : async (...args: unknown[]) => {
            try {
              return await send(name, args.slice(0, count));
            } catch (err) {
              return { ok: false, error: err instanceof Error ? err.message : String(err) } satisfies CommandResult;
            }
          };
  }
  return out as unknown as CommandMethods;
}
