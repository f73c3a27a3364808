/**
 * Command-line flags: the reference server's (`peerjs` CLI of npm `peer` 1.0.2), same names, short
 * aliases and defaults, plus Switchboard's. Parsing, --help and the README table all come from the
 * option catalogue (src/shared/options.ts). Parsing never exits; it returns an error a caller prints.
 */
import { parseArgs } from 'node:util';
import { CLI_OPTION_NAMES, firstIssue, optionSpec, parseOptionText, type CliFlags, type CliOptionName, type OptionSpec } from '../shared/options.js';

export type { CliFlags } from '../shared/options.js';

export type ParsedCli = { kind: 'run'; flags: CliFlags } | { kind: 'help' } | { kind: 'version' } | { kind: 'error'; message: string };

type ParseArgsOption = { type: 'string' | 'boolean'; short?: string; multiple?: boolean };

function argsOption(spec: OptionSpec): ParseArgsOption {
  const out: ParseArgsOption = { type: spec.kind === 'boolean' ? 'boolean' : 'string' };
  if (spec.cli?.short) out.short = spec.cli.short;
  if (spec.kind === 'strings') out.multiple = true;
  return out;
}

/** What --help and the README show as the default of a flag. */
export function flagDefault(name: CliOptionName): string {
  const spec = optionSpec(name);
  return spec.cli?.defaultText ?? String(spec.default);
}

type Raw = string | boolean | string[];

/**
 * Reads argv into raw values per flag. A flag that takes several values also takes the arguments that
 * follow it up to the next flag (`--cors a b`), as well as repeats (`--cors a --cors b`).
 */
function readArgv(argv: string[]): { values: Map<string, Raw> } | { error: string } {
  const options: Record<string, ParseArgsOption> = { help: { type: 'boolean', short: 'h' }, version: { type: 'boolean', short: 'v' } };
  for (const name of CLI_OPTION_NAMES) options[name] = argsOption(optionSpec(name));
  let tokens;
  try {
    ({ tokens } = parseArgs({ args: argv, options, strict: true, allowPositionals: true, allowNegative: true, tokens: true }));
  } catch (err) {
    return { error: (err as Error).message.split('\n')[0] ?? String(err) };
  }
  const values = new Map<string, Raw>();
  let open: string | null = null; // the several-values flag that following arguments extend
  for (const token of tokens) {
    if (token.kind === 'option') {
      const multiple = options[token.name]?.multiple === true;
      open = multiple ? token.name : null;
      if (token.value === undefined) values.set(token.name, !token.rawName.startsWith('--no-'));
      else if (multiple) values.set(token.name, [...((values.get(token.name) as string[] | undefined) ?? []), token.value]);
      else values.set(token.name, token.value);
    } else if (token.kind === 'positional') {
      if (open === null) return { error: `Unexpected argument '${token.value}'. This command does not take positional arguments` };
      (values.get(open) as string[]).push(token.value);
    } else {
      open = null;
    }
  }
  return { values };
}

export function parseCli(argv: string[], env: NodeJS.ProcessEnv = {}): ParsedCli {
  const read = readArgv(argv);
  if ('error' in read) return { kind: 'error', message: read.error };
  const { values } = read;
  if (values.get('help') === true) return { kind: 'help' };
  if (values.get('version') === true) return { kind: 'version' };

  const flags: Record<string, unknown> = {};
  for (const name of CLI_OPTION_NAMES) {
    const spec = optionSpec(name);
    let raw = values.get(name);
    const fromEnv = spec.cli?.env ? env[spec.cli.env] : undefined;
    if (raw === undefined && fromEnv !== undefined && fromEnv !== '') raw = fromEnv;
    if (raw === undefined) {
      flags[name] = spec.default;
      continue;
    }
    const input = typeof raw === 'string' ? parseOptionText(spec, raw) : raw;
    const parsed = spec.schema.safeParse(input);
    if (!parsed.success) return { kind: 'error', message: `--${name} ${firstIssue(parsed.error)}, got ${JSON.stringify(raw)}` };
    flags[name] = parsed.data;
  }
  const f = flags as CliFlags;
  if ((f.sslkey === null) !== (f.sslcert === null)) {
    return { kind: 'error', message: '--sslkey and --sslcert go together: give both, or neither' };
  }
  return { kind: 'run', flags: f };
}

export function helpText(): string {
  const rows = CLI_OPTION_NAMES.map((name) => {
    const spec = optionSpec(name);
    const arg = spec.kind === 'boolean' ? '' : spec.kind === 'strings' ? ' <value...>' : ' <value>';
    const flag = `${spec.cli?.short ? `-${spec.cli.short}, ` : '    '}--${name}${arg}`;
    const env = spec.cli?.env ? ` [env ${spec.cli.env}]` : '';
    return `  ${flag.padEnd(34)} ${spec.description} (default: ${flagDefault(name)})${env}`;
  });
  return [
    'Usage: switchboard [options]',
    '',
    'A PeerJS-compatible WebRTC signaling server for the LAN, with a live dashboard.',
    '',
    'Options:',
    ...rows,
    `  ${'-h, --help'.padEnd(34)} Show this help`,
    `  ${'-v, --version'.padEnd(34)} Show the version`,
    '',
    'Boolean options take --no-<name> to turn them off.',
  ].join('\n');
}
