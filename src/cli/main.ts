/**
 * The headless entry: the signaling server (through the same controller the desktop app uses), the
 * dashboard and its admin socket, one log line per connection, clean stop on SIGINT/SIGTERM.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createController } from '../control/index.js';
import { createMemorySettingsStore } from '../control/index.js';
import { createSignalingServer, errorCode } from '../core/index.js';
import type { SignalingOptions } from '../core/options.js';
import { FORM_OPTION_NAMES, OVERRIDE_OPTION_NAMES } from '../shared/options.js';
import { DEFAULT_SETTINGS, type Settings } from '../shared/settings.js';
import { helpText, parseCli, type CliFlags } from './args.js';
import { banner } from './banner.js';
import { defaultStaticDir, startDashboardServer, type DashboardServer } from './dashboard/index.js';
import { configDir, TOKEN_FILE_NAME } from './dashboard/token-store.js';
import { attachConnectionLog } from './log.js';

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

const consoleIo: CliIo = { out: (l) => console.log(l), err: (l) => console.error(l) };

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** The flags the settings form also carries; the rest keep the app's defaults (start_on_launch…). */
function toSettings(f: CliFlags): Settings {
  const out: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  for (const name of FORM_OPTION_NAMES) if (name in f) out[name] = f[name as keyof CliFlags];
  return out as Settings;
}

/** Core options the settings form does not carry (CLI-only), applied on top of the settings. */
function toOverrides(f: CliFlags): Partial<SignalingOptions> {
  const out: Record<string, unknown> = {};
  for (const name of OVERRIDE_OPTION_NAMES) if (name in f) out[name] = f[name as keyof CliFlags];
  return {
    ...out,
    history: f.history > 0 ? { maxEvents: f.history, maxBytes: 16 * 1024 * 1024 } : false,
    ssl: f.sslkey && f.sslcert ? { key: readFileSync(f.sslkey, 'utf8'), cert: readFileSync(f.sslcert, 'utf8') } : null,
  };
}

export interface RunningCli {
  stop(): Promise<void>;
}

/** Runs the CLI; resolves once serving (or rejects with a message). Exit codes are the caller's. */
export async function runCli(argv: string[], env: NodeJS.ProcessEnv, io: CliIo = consoleIo): Promise<RunningCli | number> {
  const parsed = parseCli(argv, env);
  if (parsed.kind === 'help') {
    io.out(helpText());
    return 0;
  }
  if (parsed.kind === 'version') {
    io.out(version());
    return 0;
  }
  if (parsed.kind === 'error') {
    io.err(`switchboard: ${parsed.message}`);
    io.err('Run switchboard --help for the list of options.');
    return 2;
  }
  const flags = parsed.flags;
  let overrides: Partial<SignalingOptions>;
  try {
    overrides = toOverrides(flags);
  } catch (err) {
    io.err(`switchboard: cannot read the TLS key or certificate: ${(err as Error).message}`);
    return 2;
  }
  const controller = createController({
    createServer: (options) => {
      const server = createSignalingServer(options);
      attachConnectionLog(server, io.out);
      return server;
    },
    settingsStore: createMemorySettingsStore(toSettings(flags)),
    overrides,
  });
  const started = await controller.start();
  if (!started.ok) {
    io.err(`switchboard: ${started.error}`);
    await controller.dispose();
    return 1;
  }
  let dashboard: DashboardServer | null = null;
  if (flags.dashboard) {
    dashboard = await openDashboard(controller, flags, io, join(configDir(env), TOKEN_FILE_NAME));
  }
  const state = controller.status().state;
  io.out(
    banner({
      addresses: state.addresses,
      port: state.port ?? flags.port,
      path: flags.path,
      key: flags.key,
      secure: overrides.ssl !== null,
      dashboardUrl: dashboard?.url ?? null,
    }),
  );
  return {
    async stop() {
      await dashboard?.close();
      await controller.dispose();
    },
  };
}

/**
 * Starts the dashboard. When its port is taken (a second Switchboard, say) it takes any free port
 * instead; when it cannot start at all, the signaling server keeps running without it.
 */
async function openDashboard(control: Parameters<typeof startDashboardServer>[0]['control'], flags: CliFlags, io: CliIo, tokenFile: string): Promise<DashboardServer | null> {
  // The token lives in the settings folder, so a bookmarked dashboard address keeps working after a restart.
  const options = { control, host: flags.admin_host, staticDir: defaultStaticDir(), tokenFile, onNotice: (m: string) => io.err(`switchboard: ${m}`) };
  let failure: unknown;
  try {
    return await startDashboardServer({ ...options, port: flags.admin_port });
  } catch (err) {
    failure = err;
  }
  if (flags.admin_port !== 0 && errorCode(failure) === 'ERR_ADDRESS_IN_USE') {
    try {
      const fallback = await startDashboardServer({ ...options, port: 0 });
      io.err(`switchboard: dashboard port ${flags.admin_port} is in use; the dashboard uses port ${fallback.port} instead`);
      return fallback;
    } catch (err) {
      failure = err;
    }
  }
  const hint = { ERR_ADDRESS_IN_USE: '; see --admin_port', ERR_ADDRESS_NOT_AVAILABLE: '; see --admin_host' }[errorCode(failure) ?? ''] ?? '';
  io.err(`switchboard: the dashboard could not start (${(failure as Error).message}${hint}); signaling keeps running without it`);
  return null;
}
