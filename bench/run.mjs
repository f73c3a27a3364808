#!/usr/bin/env node
/**
 * `npm run bench`: Switchboard (A) against the reference `peer` 1.0.2 (B) and a bare `ws` relay (C),
 * each in its own process on 127.0.0.1, in alternating rounds; writes docs/benchmarks.md and prints it.
 * `node bench/run.mjs --help` for the options. Linux only (reads /proc).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runLoad } from './lib/load.mjs';
import { machineInfo } from './lib/proc.mjs';
import { profileMarkdown, topSelfTime } from './lib/profile.mjs';
import { markdown } from './lib/report.mjs';
import { scenarios as allScenarios } from './lib/scenarios.mjs';
import { ROOT, SERVERS, startServer } from './lib/servers.mjs';

const HELP = `Usage: node bench/run.mjs [options]   (npm run bench builds first, then runs this)

  --rounds N          rounds of alternating A, B, C per scenario (default 3)
  --scenarios LIST    comma-separated: relay,handshake,idle,churn,dashboard (default: all)
  --servers LIST      comma-separated subset of A,B,C (default A,B,C)
  --quick             short smoke run: 1 round, 1 s windows, 2,000 idle/churn connections
  --measure-ms N      measurement window of relay/handshake (default 4000)
  --warmup-ms N       warm-up before it (default 1500)
  --idle-conns N      connections of the idle scenario (default 10000)
  --churn-conns N     connections churned in the churn scenario (default 10000)
  --profile           also run scenario 1 once against Switchboard under node --cpu-prof and
                      print the top self-time functions (profile kept in bench/.results/)
  --out FILE          Markdown summary (default docs/benchmarks.md); --no-write to only print
  --help              this text
`;

function options() {
  const { values } = parseArgs({
    options: {
      rounds: { type: 'string' },
      scenarios: { type: 'string' },
      servers: { type: 'string' },
      quick: { type: 'boolean', default: false },
      'measure-ms': { type: 'string' },
      'warmup-ms': { type: 'string' },
      'idle-conns': { type: 'string' },
      'churn-conns': { type: 'string' },
      profile: { type: 'boolean', default: false },
      'profile-only': { type: 'boolean', default: false },
      out: { type: 'string' },
      'no-write': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(HELP);
    process.exit(0);
  }
  const int = (name, v, fallback, lo, hi) => {
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!Number.isInteger(n) || n < lo || n > hi) {
      console.error(`bench: --${name} must be an integer from ${lo} to ${hi}, got ${v}`);
      process.exit(2);
    }
    return n;
  };
  const q = values.quick;
  const o = {
    rounds: int('rounds', values.rounds, q ? 1 : 3, 1, 50),
    measureMs: int('measure-ms', values['measure-ms'], q ? 1000 : 4000, 200, 120000),
    warmupMs: int('warmup-ms', values['warmup-ms'], q ? 500 : 1500, 0, 60000),
    idleConns: int('idle-conns', values['idle-conns'], q ? 2000 : 10000, 10, 50000),
    churnConns: int('churn-conns', values['churn-conns'], q ? 2000 : 10000, 10, 100000),
    pairs: 50,
    inflight: 16,
    profile: values.profile || values['profile-only'],
    profileOnly: values['profile-only'],
    out: values['no-write'] ? null : path.resolve(ROOT, values.out ?? 'docs/benchmarks.md'),
  };
  o.idleHoldMs = q ? 2000 : 5500;
  o.churnWave = Math.min(1000, o.churnConns);
  o.churnWarmupWaves = 2;
  const known = ['relay', 'handshake', 'idle', 'churn', 'dashboard'];
  o.scenarios = values.scenarios ? values.scenarios.split(',').map((s) => s.trim()) : known;
  for (const s of o.scenarios) {
    if (!known.includes(s)) {
      console.error(`bench: unknown scenario "${s}" (known: ${known.join(', ')})`);
      process.exit(2);
    }
  }
  o.servers = values.servers ? values.servers.split(',').map((s) => s.trim().toUpperCase()) : ['A', 'B', 'C'];
  for (const s of o.servers) {
    if (!SERVERS[s]) {
      console.error(`bench: unknown server "${s}" (A = switchboard, B = peer 1.0.2, C = ws baseline)`);
      process.exit(2);
    }
  }
  return o;
}

function pkgVersion(name) {
  try {
    return JSON.parse(readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8')).version;
  } catch {
    return 'unknown';
  }
}

const log = (line) => process.stderr.write(`${line}\n`);

/** One run: a fresh server, the load generator, optional attachment (dashboard subscriber). */
async function runOnce(scenario, variant, round, o, nodeArgs = []) {
  const def = SERVERS[variant.server];
  const server = await startServer(def, { extraArgs: variant.extraArgs ?? [], nodeArgs });
  let aux = null;
  try {
    const attached = variant.attach ? await variant.attach(server) : null;
    const params = { ...scenario.params(), port: server.port, serverPid: server.pid };
    const { result, checkpoints } = await runLoad(scenario.load, params, {
      onCheckpoint: (name) => scenario.onCheckpoint(server, name),
      timeoutMs: 240000,
    });
    if (attached) aux = await attached.stop();
    if (!server.alive()) throw new Error(`${def.name} died during the run: ${server.output().slice(-500)}`);
    const data = { result, checkpoints, aux };
    const figures = scenario.figuresOf(data);
    return { round, variant: variant.id, figures, warning: scenario.check(data), raw: { checkpoints, aux } };
  } finally {
    await server.stop();
  }
}

function brief(scenario, figures) {
  return scenario.figures
    .filter((f) => Number.isFinite(figures[f.key]))
    .slice(0, 4)
    .map((f) => `${f.label} ${figures[f.key].toFixed(f.digits)}${f.unit === '/s' ? '/s' : ` ${f.unit}`}`)
    .join(', ');
}

async function profileRelay(o) {
  const dir = path.join(ROOT, 'bench', '.results', 'profiles');
  mkdirSync(dir, { recursive: true });
  const before = new Set(readdirSync(dir));
  const scenario = allScenarios(o).find((s) => s.id === 'relay');
  log('profile: scenario 1 against Switchboard under --cpu-prof');
  const run = await runOnce(scenario, scenario.variants[0], 0, o, ['--cpu-prof', '--cpu-prof-dir', dir]);
  const file = readdirSync(dir).find((f) => !before.has(f) && f.endsWith('.cpuprofile'));
  if (!file) throw new Error('no .cpuprofile written (did the server exit cleanly on SIGTERM?)');
  const md = profileMarkdown(file, topSelfTime(path.join(dir, file), 25, ROOT));
  return `${md}\n\n(relayed ${run.figures.msgsPerSec.toFixed(0)} msgs/s under the profiler; profile: bench/.results/profiles/${file})`;
}

async function main() {
  const o = options();
  const t0 = performance.now();
  const startedAt = new Date().toISOString();
  const notes = [];
  if (o.servers.includes('A') && !existsSync(path.join(ROOT, 'dist', 'cli', 'index.js'))) {
    console.error('bench: Switchboard is not built (dist/cli/index.js missing); run `npm run build:node` or use `npm run bench`.');
    process.exit(1);
  }
  const serverNames = Object.fromEntries(o.servers.map((k) => [k, SERVERS[k].name]));
  serverNames.unsubscribed = 'switchboard, dashboard unsubscribed';
  serverNames.subscribed = 'switchboard, dashboard subscribed';

  const runs = {};
  const chosen = allScenarios(o).filter((s) => o.scenarios.includes(s.id) && !o.profileOnly);
  for (const scenario of chosen) {
    const variants = scenario.variants.filter((v) => o.servers.includes(v.server));
    if (variants.length === 0) continue;
    if (!variants.some((v) => v.id === scenario.reference)) {
      notes.push(`${scenario.id}: reference ${scenario.reference} not run, so no ratios`);
    }
    runs[scenario.id] = [];
    log(`\n== ${scenario.title}`);
    for (let round = 0; round < o.rounds; round++) {
      for (const variant of variants) {
        const label = serverNames[variant.id] ?? variant.id;
        try {
          const run = await runOnce(scenario, variant, round, o);
          runs[scenario.id].push(run);
          log(`  round ${round + 1} ${label}: ${brief(scenario, run.figures)}${run.warning ? `  [${run.warning}]` : ''}`);
        } catch (err) {
          runs[scenario.id].push({ round, variant: variant.id, figures: null, error: String(err?.message ?? err).slice(0, 500) });
          log(`  round ${round + 1} ${label}: FAILED ${err?.message ?? err}`);
        }
      }
    }
  }

  let profile = null;
  if (o.profile && o.servers.includes('A')) {
    try {
      profile = await profileRelay(o);
    } catch (err) {
      notes.push(`profile failed: ${err?.message ?? err}`);
    }
  }

  const seconds = (performance.now() - t0) / 1000;
  const command = `node bench/run.mjs ${process.argv.slice(2).join(' ')}`.trim();
  const machine = { ...machineInfo(), ws: pkgVersion('ws'), peer: pkgVersion('peer') };
  let md = markdown({ machine, command, startedAt, seconds, rounds: o.rounds, scenarios: chosen, runs, serverNames, notes });
  if (profile) md += `\n## CPU profile of Switchboard's relay (scenario 1)\n\n${profile}\n`;

  const resultsDir = path.join(ROOT, 'bench', '.results');
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(path.join(resultsDir, 'last-run.json'), JSON.stringify({ machine, startedAt, options: o, runs }, null, 2));
  if (o.out && !o.profileOnly) {
    mkdirSync(path.dirname(o.out), { recursive: true });
    writeFileSync(o.out, `${md}\n`);
    log(`\nwrote ${path.relative(ROOT, o.out)}`);
  }
  process.stdout.write(`\n${md}\n`);
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(`bench: ${err?.stack ?? err}`);
    process.exit(1);
  },
);
