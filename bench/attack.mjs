#!/usr/bin/env node
/**
 * `npm run attack`: plays issue 13's hostile clients against Switchboard (A) and the reference `peer` 1.0.2
 * (B), each in its own process on 127.0.0.1, one fresh server per attack class, with an honest pair relaying
 * ~200 round trips/s the whole time (bench/attack-canary.mjs) and the attackers in another process
 * (bench/attack-load.mjs). Prints a table per class and writes docs/attacks.md.
 * `node bench/attack.mjs --help` for the options. Linux only (reads /proc).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runLoad } from './lib/load.mjs';
import { parseOptions } from './lib/options.mjs';
import { machineInfo, rssBytes } from './lib/proc.mjs';
import { ROOT, SERVERS, startServer } from './lib/servers.mjs';
import { sleep } from './lib/child.mjs';

const HELP = `Usage: node bench/attack.mjs [options]   (npm run attack builds first, then runs this)

  --classes LIST      comma-separated: deep,invalid,slow,queue,storm (default: all)
  --servers LIST      comma-separated subset of A,B (default A,B; A = switchboard, B = peer 1.0.2; with
                      BENCH_BASELINE=<another checkout, built> also A0 = Switchboard built there)
  --rate N            honest round trips per second (default 200)
  --before-ms N       honest traffic alone before the attack (default 3000)
  --duration-ms N     longest an attack runs (default 6000)
  --after-ms N        honest traffic after the attack (default 2000)
  --out FILE          Markdown report (default docs/attacks.md); --no-write to only print
  --help              this text
`;

const CLASSES = {
  deep: '5,000-deep 10 KB frames (with/without "src", present/absent dst) and "[" × 100,000',
  invalid: 'one client: HEARTBEATs and tiny invalid frames as fast as its socket takes them',
  slow: 'a client stops reading; 3 clients send it 3 KB OFFERs as fast as they can',
  queue: '10 clients: 20 messages for each of 5,000 absent ids, then 10,000 for one absent id',
  storm: '3,000 WebSocket upgrades at once against a limit of 1,000 (--concurrent_limit 1000)',
};

function options() {
  const { values, int } = parseOptions(
    'attack',
    {
      classes: { type: 'string' },
      servers: { type: 'string' },
      rate: { type: 'string' },
      'before-ms': { type: 'string' },
      'duration-ms': { type: 'string' },
      'after-ms': { type: 'string' },
      out: { type: 'string' },
      'no-write': { type: 'boolean', default: false },
    },
    HELP,
  );
  const list = (v, known, fallback) => {
    const items = v ? v.split(',').map((s) => s.trim()) : fallback;
    for (const s of items) {
      if (!known.includes(s)) {
        console.error(`attack: unknown "${s}" (known: ${known.join(', ')})`);
        process.exit(2);
      }
    }
    return items;
  };
  return {
    classes: list(values.classes, Object.keys(CLASSES), Object.keys(CLASSES)),
    servers: list(values.servers?.toUpperCase(), Object.keys(SERVERS).filter((k) => k !== 'C'), ['A', 'B']),
    rate: int('rate', 200, 1, 5000),
    beforeMs: int('before-ms', 3000, 500, 60000),
    durationMs: int('duration-ms', 6000, 500, 120000),
    afterMs: int('after-ms', 2000, 0, 60000),
    out: values['no-write'] ? null : path.resolve(ROOT, values.out ?? 'docs/attacks.md'),
  };
}

const log = (line) => process.stderr.write(`${line}\n`);

/** A server definition as in bench/lib/servers.mjs, with its defaults except the port and host. */
function serverDef(key) {
  return { ...SERVERS[key], args: (port, extra = []) => ['--port', String(port), '--host', '127.0.0.1', ...extra] };
}

/** Flags per server and class: Switchboard as the CLI starts by default (dashboard on, on a free port). */
function extraArgs(key, cls) {
  const extra = key.startsWith('A') ? ['--admin_port', '0'] : [];
  if (cls === 'storm') extra.push('--concurrent_limit', '1000');
  return extra;
}

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function windowStats(samples, from, to) {
  const v = samples.filter(([t]) => t >= from && t < to).map(([, ms]) => ms).sort((a, b) => a - b);
  return { n: v.length, p50: percentile(v, 50), p99: percentile(v, 99), max: v.length ? v[v.length - 1] : NaN };
}

function perSecond(samples, from, to) {
  const out = [];
  for (let t = from; t < to; t += 1000) {
    const w = windowStats(samples, t, t + 1000);
    out.push([Math.round((t - from) / 1000) - 1, w.n, Number(w.p50.toFixed(1)), Number(w.p99.toFixed(1))]);
  }
  return out;
}

/**
 * ATTACK_NODE_ARGS (space-separated) go to Switchboard's node only, e.g.
 * `ATTACK_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof"` for a CPU profile of each class.
 */
const NODE_ARGS_A = (process.env.ATTACK_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);

async function runOne(key, cls, o) {
  const server = await startServer(serverDef(key), { extraArgs: extraArgs(key, cls), nodeArgs: key.startsWith('A') ? NODE_ARGS_A : [] });
  const rss = [];
  const sampler = setInterval(() => {
    try {
      rss.push([Date.now(), rssBytes(server.pid)]);
    } catch {
      // the server is gone: alive() says so below
    }
  }, 20);
  const marks = {};
  let attack = null;
  let attackError = null;
  try {
    const canary = await runLoad(
      'attack-canary.mjs',
      { port: server.port, rate: o.rate, prefix: 'canary' },
      {
        timeoutMs: o.beforeMs + o.durationMs + o.afterMs + 180_000,
        onCheckpoint: async () => {
          await sleep(o.beforeMs);
          marks.start = Date.now();
          try {
            attack = (await runLoad('attack-load.mjs', { port: server.port, cls, durationMs: o.durationMs, prefix: 'x' }, { timeoutMs: o.durationMs + 120_000 })).result;
          } catch (err) {
            attackError = String(err?.message ?? err).slice(0, 300);
          }
          marks.end = Date.now();
          await sleep(o.afterMs);
          marks.after = Date.now();
          return null;
        },
      },
    );
    clearInterval(sampler);
    const alive = server.alive();
    const { samples, lost, unexpected, firstUnexpected, disconnected, sent } = canary.result;
    const before = rss.filter(([t]) => t < marks.start).at(-1)?.[1] ?? NaN;
    const peak = Math.max(...rss.filter(([t]) => t >= marks.start).map(([, b]) => b));
    const after = rss.at(-1)?.[1] ?? NaN;
    return {
      server: key,
      cls,
      alive,
      exitOutput: alive ? null : server.output().slice(-400),
      attackSeconds: (marks.end - marks.start) / 1000,
      canary: {
        sent,
        lost,
        unexpected,
        firstUnexpected,
        disconnected,
        before: windowStats(samples, 0, marks.start),
        during: windowStats(samples, marks.start, marks.end),
        after: windowStats(samples, marks.end, Number.POSITIVE_INFINITY),
        // p50 / p99 / count per second from 1 s before the attack (for the JSON record, to see when it hurt).
        perSecond: perSecond(samples, marks.start - 1000, marks.after),
      },
      rss: { before, peak, after },
      attack,
      attackError,
    };
  } finally {
    clearInterval(sampler);
    await server.stop();
  }
}

const MiB = 1024 * 1024;
const f1 = (v) => (Number.isFinite(v) ? v.toFixed(1) : '–');
const f2 = (v) => (Number.isFinite(v) ? v.toFixed(2) : '–');
const mib = (v) => (Number.isFinite(v) ? (v / MiB).toFixed(1) : '–');
const int = (v) => (Number.isFinite(v) ? Math.round(v).toLocaleString('en-US') : '–');

function closesText(closes) {
  if (!closes) return '–';
  const parts = Object.entries(closes).map(([code, n]) => `${code}: ${int(n)}`);
  return parts.length ? parts.join(', ') : '–';
}

/** The targets of issue 13 for one Switchboard run; null when not applicable. */
function verdict(r) {
  const lim = r.cls === 'invalid' ? Math.max(50, 10 * r.canary.before.p99) : 250;
  const rssLim = r.cls === 'queue' ? 32 : 128;
  const checks = [
    [r.alive, 'server exited'],
    [r.canary.lost === 0 && r.canary.unexpected === 0 && r.canary.disconnected.length === 0, 'honest messages lost'],
    [r.canary.during.p99 <= lim, `p99 > ${f1(lim)} ms`],
    [(r.rss.peak - r.rss.before) / MiB <= rssLim, `RSS peak − before > ${rssLim} MiB`],
  ];
  const failed = checks.filter(([ok]) => !ok).map(([, why]) => why);
  return { pass: failed.length === 0, why: failed.join('; '), lim, rssLim };
}

function markdown(o, runs, meta) {
  const name = (k) => SERVERS[k].name;
  const lines = [];
  lines.push('## Latest run', '');
  lines.push(`- ${meta.machine.nproc} CPUs, ${meta.machine.cpuModel}, Node ${meta.machine.node}; reference \`peer\` ${meta.peer}`);
  lines.push(`- started ${meta.startedAt}, took ${meta.seconds.toFixed(0)} s; command: \`${meta.command}\``);
  lines.push(
    `- honest pair: ${o.rate} round trips/s (CANDIDATE A→B, B answers at once); ${o.beforeMs} ms alone, the attack (at most ${o.durationMs} ms), ${o.afterMs} ms after`,
  );
  lines.push('');
  lines.push('### Targets (issue 13), Switchboard', '');
  lines.push('| attack | server alive | honest lost | honest p99 during (limit) | RSS peak − before (limit) | |');
  lines.push('|---|---|---:|---:|---:|---|');
  for (const r of runs.filter((x) => x.server === 'A')) {
    const v = verdict(r);
    lines.push(
      `| ${r.cls} | ${r.alive ? 'yes' : '**no**'} | ${int(r.canary.lost)} | ${f1(r.canary.during.p99)} ms (≤ ${f1(v.lim)}) | ${mib(r.rss.peak - r.rss.before)} MiB (≤ ${v.rssLim}) | ${v.pass ? 'pass' : `**fail**: ${v.why}`} |`,
    );
  }
  lines.push('');
  lines.push('### Side by side', '');
  lines.push(
    '| attack | server | alive | honest p50 / p99 before (ms) | honest p50 / p99 during (ms) | honest max during (ms) | honest lost | RSS before / peak / after (MiB) | peak − before (MiB) | attack ran (s) | attackers sent | ERROR frames to attackers | EXPIRE to attackers | attackers closed (code: n) |',
  );
  lines.push('|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|');
  for (const cls of o.classes) {
    for (const r of runs.filter((x) => x.cls === cls)) {
      const c = r.canary;
      const a = r.attack ?? {};
      const lost = c.lost + c.unexpected + (c.disconnected.length ? ` (cut off: ${c.disconnected.join(', ')})` : '');
      const extra = cls === 'storm' && r.attack ? ` (opened ${int(a.opened)}, refused ${int(a.refused)}, failed ${int(a.failed)})` : '';
      lines.push(
        `| ${cls} | ${name(r.server)} | ${r.alive ? 'yes' : '**no**'} | ${f2(c.before.p50)} / ${f2(c.before.p99)} | ${f2(c.during.p50)} / ${f2(c.during.p99)} | ${f1(c.during.max)} | ${lost} | ${mib(r.rss.before)} / ${mib(r.rss.peak)} / ${mib(r.rss.after)} | ${mib(r.rss.peak - r.rss.before)} | ${f1(r.attackSeconds)} | ${int(a.sent)}${extra} | ${int(a.errorsReceived)} | ${int(a.expiresReceived)} | ${closesText(a.closes)}${r.attackError ? ` (attacker: ${r.attackError})` : ''} |`,
      );
    }
  }
  lines.push('');
  lines.push('Attack classes:', '');
  for (const cls of o.classes) lines.push(`- **${cls}**: ${CLASSES[cls]}`);
  const dead = runs.filter((r) => !r.alive);
  if (dead.length) {
    lines.push('', 'Servers that exited:', '');
    for (const r of dead) lines.push(`- ${name(r.server)}, ${r.cls}: \`${(r.exitOutput ?? '').replace(/\s+/g, ' ').slice(-300)}\``);
  }
  return lines.join('\n');
}

const BEGIN = '<!-- attack:begin (generated by npm run attack; everything up to attack:end is replaced on each run) -->';
const END = '<!-- attack:end -->';

function withReport(previous, md) {
  const generated = `${BEGIN}\n${md}\n${END}`;
  if (previous === null) return `${generated}\n`;
  const b = previous.indexOf('<!-- attack:begin');
  const e = previous.indexOf(END);
  if (b < 0 || e < b) return `${previous.trimEnd()}\n\n${generated}\n`;
  return previous.slice(0, b) + generated + previous.slice(e + END.length);
}

async function main() {
  const o = options();
  if (o.servers.includes('A') && !existsSync(path.join(ROOT, 'dist', 'cli', 'index.js'))) {
    console.error('attack: Switchboard is not built (dist/cli/index.js missing); run `npm run build:node` or use `npm run attack`.');
    process.exit(1);
  }
  const t0 = performance.now();
  const startedAt = new Date().toISOString();
  const runs = [];
  for (const cls of o.classes) {
    log(`\n== ${cls}: ${CLASSES[cls]}`);
    for (const key of o.servers) {
      try {
        const r = await runOne(key, cls, o);
        runs.push(r);
        const c = r.canary;
        log(
          `  ${SERVERS[key].name}: alive ${r.alive}, honest p99 ${f1(c.before.p99)} → ${f1(c.during.p99)} ms, lost ${c.lost}, ` +
            `RSS +${mib(r.rss.peak - r.rss.before)} MiB, attackers got ${r.attack?.errorsReceived ?? '?'} ERROR${r.attackError ? ` [${r.attackError}]` : ''}`,
        );
      } catch (err) {
        log(`  ${SERVERS[key].name}: FAILED ${err?.stack ?? err}`);
      }
    }
  }
  const peer = JSON.parse(readFileSync(path.join(ROOT, 'node_modules', 'peer', 'package.json'), 'utf8')).version;
  const meta = { machine: machineInfo(), peer, startedAt, seconds: (performance.now() - t0) / 1000, command: `node bench/attack.mjs ${process.argv.slice(2).join(' ')}`.trim() };
  const md = markdown(o, runs, meta);
  const resultsDir = path.join(ROOT, 'bench', '.results');
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(path.join(resultsDir, 'attack-last-run.json'), JSON.stringify({ options: o, meta, runs }, null, 2));
  if (o.out) {
    mkdirSync(path.dirname(o.out), { recursive: true });
    writeFileSync(o.out, withReport(existsSync(o.out) ? readFileSync(o.out, 'utf8') : null, md));
    log(`\nwrote ${path.relative(ROOT, o.out)}`);
  }
  process.stdout.write(`\n${md}\n`);
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(`attack: ${err?.stack ?? err}`);
    process.exit(1);
  },
);
