/**
 * The headless entry: the signaling server (through the same controller the desktop app uses), the
 * dashboard and its admin socket, one log line per connection, clean stop on SIGINT/SIGTERM.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createController } from '../control/index.js';
import { createMemorySettingsStore } from '../control/index.js';
import { createSignalingServer } from '../core/index.js';
import type { SignalingOptions } from '../core/options.js';
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

function toSettings(f: CliFlags): Settings {
  return {
    ...DEFAULT_SETTINGS,
    port: f.port,
    host: f.host,
    key: f.key,
    path: f.path,
    allow_discovery: f.allow_discovery,
    proxied: f.proxied,
    expire_timeout: f.expire_timeout,
    alive_timeout: f.alive_timeout,
    concurrent_limit: f.concurrent_limit,
    max_payload: f.max_payload,
    max_queue: f.max_queue,
    validate_ids: f.validate_ids,
    redis: f.redis ?? '',
    start_on_launch: true,
  };
}

/** Core options the settings form does not carry (CLI-only), applied on top of the settings. */
function toOverrides(f: CliFlags): Partial<SignalingOptions> {
  return {
    cors: f.cors ?? true,
    max_queued_bytes: f.max_queued_bytes,
    max_buffered: f.max_buffered,
    max_frame_rate: f.max_frame_rate,
    max_byte_rate: f.max_byte_rate,
    flood_timeout: f.flood_timeout,
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
  try {
    return await startDashboardServer({ ...options, port: flags.admin_port });
  } catch (err) {
    if (flags.admin_port !== 0 && /already in use/.test((err as Error).message)) {
      try {
        const fallback = await startDashboardServer({ ...options, port: 0 });
        io.err(`switchboard: dashboard port ${flags.admin_port} is in use; the dashboard uses port ${fallback.port} instead`);
        return fallback;
      } catch (err2) {
        err = err2;
      }
    }
    io.err(`switchboard: the dashboard could not start (${(err as Error).message}); signaling keeps running without it`);
    return null;
  }
}
