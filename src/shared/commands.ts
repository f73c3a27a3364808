/**
 * The command table: every `ControlApi` command with its arguments (name and zod schema, in call
 * order) and whether it is a query (answers data, fails by throwing) or a command (answers a
 * `CommandResult`). The IPC adapter (src/main/ipc.ts), the preload bridge (src/preload/bridge.ts), the
 * admin socket (src/cli/dashboard/admin-socket.ts, ./admin-protocol.ts) and the web bridge
 * (src/renderer/bridge/web.ts) are all generated from it in a loop.
 *
 * To add a command: add it to `ControlApi` (./control.ts) and here, implement it in the controller,
 * call it from the renderer. The compiler checks that the argument schemas match `ControlApi`.
 */
import { z } from 'zod';
import type { CommandResult, ControlApi } from './control.js';
import { settingLabel, settingsSchema, type FieldIssue } from './settings.js';

/** The ControlApi methods that are request/answer (subscribe is a stream, wired by each transport). */
export type CommandName = Exclude<keyof ControlApi, 'subscribe'>;

type ArgSpecs<P extends unknown[]> = { readonly [I in keyof P]: readonly [name: string, schema: z.ZodType<P[I]>] };

export interface CommandSpec<P extends unknown[]> {
  kind: 'query' | 'command';
  args: ArgSpecs<P>;
}

type Table = { [K in CommandName]: CommandSpec<Parameters<ControlApi[K]>> };

/** Longest peer id a UI may name (ids past the core's own rule exist only with validate_ids off). */
export const MAX_COMMAND_ID_LENGTH = 512;

export const COMMANDS: Table = {
  getSnapshot: { kind: 'query', args: [] },
  getRecentEvents: { kind: 'query', args: [] },
  start: { kind: 'command', args: [] },
  stop: { kind: 'command', args: [] },
  applySettings: { kind: 'command', args: [['settings', settingsSchema]] },
  disconnectPeer: {
    kind: 'command',
    args: [['id', z.string({ error: 'A peer id is required' }).min(1, 'A peer id is required').max(MAX_COMMAND_ID_LENGTH, 'Peer id too long')]],
  },
};

export const COMMAND_NAMES = Object.keys(COMMANDS) as CommandName[];

export function isCommandName(name: string): name is CommandName {
  return Object.hasOwn(COMMANDS, name);
}

/** Names of a command's arguments, in call order (the admin socket sends them as named params). */
export function argNames(name: CommandName): string[] {
  return (COMMANDS[name].args as readonly (readonly [string, z.ZodType])[]).map(([arg]) => arg);
}

export type CommandArgs<K extends CommandName> = Parameters<ControlApi[K]>;
export type CommandAnswer<K extends CommandName> = Awaited<ReturnType<ControlApi[K]>>;

export type ArgCheck<K extends CommandName> = { ok: true; args: CommandArgs<K> } | { ok: false; result: CommandResult & { ok: false } };

/** Validates the arguments of one command; failures become a CommandResult with field issues. */
export function checkArgs<K extends CommandName>(name: K, args: unknown[]): ArgCheck<K> {
  const specs = COMMANDS[name].args as readonly (readonly [string, z.ZodType])[];
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
export function commandMethods(send: (name: CommandName, args: unknown[]) => Promise<unknown>, settle: boolean): Pick<ControlApi, CommandName> {
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
  return out as unknown as Pick<ControlApi, CommandName>;
}
