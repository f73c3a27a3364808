/**
 * Scenario 6 of `npm run bench` (--scenarios cluster): Switchboard as one instance against two instances
 * sharing a redis-server (all on 127.0.0.1, Redis with persistence off), in alternating rounds. In the
 * cluster every pair is split across the instances, so every relayed frame crosses Redis. Relay msgs/s
 * and handshake p99 side by side; the CPU of both instances and of Redis reported.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { runLoad } from './lib/load.mjs';
import { freePort, SERVERS, startServer } from './lib/servers.mjs';

const REDIS_CANDIDATES = ['/usr/bin/redis-server', '/usr/local/bin/redis-server', '/usr/sbin/redis-server'];

async function startRedis() {
  const bin = process.env.REDIS_SERVER_PATH ?? REDIS_CANDIDATES.find((p) => existsSync(p));
  if (!bin) throw new Error('the cluster scenario needs redis-server (apt-get install -y redis-server)');
  const port = await freePort();
  const child = spawn(bin, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`redis-server did not start: ${out}`)), 10000);
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`redis-server exited (${code}): ${out}`)));
  });
  return {
    url: `redis://127.0.0.1:${port}`,
    pid: child.pid,
    stop: () => new Promise((r) => (child.exitCode !== null ? r() : (child.once('exit', r), child.kill('SIGTERM')))),
  };
}

async function waitFor(server, text, ms = 15000) {
  const deadline = Date.now() + ms;
  while (!server.output().includes(text)) {
    if (Date.now() > deadline) throw new Error(`instance never logged "${text}": ${server.output().slice(-500)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const median = (xs) => {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)] : NaN;
};

/** BENCH_CLUSTER_NODEARGS: extra node flags for the single instance and cluster instance 1 (e.g. "--trace-gc"). */
const nodeArgsOf = (n) => (n === 1 && process.env.BENCH_CLUSTER_NODEARGS ? process.env.BENCH_CLUSTER_NODEARGS.split(/\s+/).filter(Boolean) : []);

/** Mark-compact lines in a server's log (written by --trace-gc), read once the server has stopped. */
async function countMarkCompacts(server) {
  await server.stop();
  const file = new URL(`./.results/logs/${server.def.key}.log`, import.meta.url);
  if (!existsSync(file)) return NaN;
  return (readFileSync(file, 'utf8').match(/: Mark-Compact /g) ?? []).length;
}

/** One run of `load` against one instance, or two instances on `redis` with every pair split. */
async function runVariant(load, params, cluster, redis, base = SERVERS.A) {
  // One log per variant, load and round (params.prefix), so that a --trace-gc count is per run.
  const instance = (n) => ({ ...base, key: `${base.key}-cluster-${n}-${params.prefix}` });
  const common = ['--no-dashboard'];
  const servers = [];
  try {
    if (!cluster) {
      servers.push(await startServer({ ...SERVERS.A, key: `${SERVERS.A.key}-${params.prefix}` }, { extraArgs: common, nodeArgs: nodeArgsOf(1) }));
    } else {
      for (const n of [1, 2]) {
        const prof = process.env.BENCH_CLUSTER_PROFILE && n === 1 ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_CLUSTER_PROFILE] : [];
        const s = await startServer(instance(n), { extraArgs: [...common, '--redis', redis.url], nodeArgs: [...prof, ...nodeArgsOf(n)] });
        servers.push(s);
        await waitFor(s, 'cluster ok:');
      }
    }
    const [one, two] = servers;
    const { result } = await runLoad(
      load,
      { ...params, port: one.port, portB: two?.port, serverPid: one.pid, otherServerPids: two ? [two.pid] : [], redisPid: cluster ? redis.pid : null },
      { onCheckpoint: async () => null, timeoutMs: 240000 },
    );
    for (const s of servers) if (!s.alive()) throw new Error(`an instance died during the run: ${s.output().slice(-500)}`);
    // With --trace-gc in BENCH_CLUSTER_NODEARGS: the full (mark-compact) GCs of the first instance.
    if (nodeArgsOf(1).includes('--trace-gc')) result.markCompacts = await countMarkCompacts(one);
    return result;
  } finally {
    for (const s of servers) await s.stop();
  }
}

/** Runs the scenario; returns its Markdown section. */
export async function runClusterBench(o, log) {
  const redis = await startRedis();
  const relayParams = { pairs: o.pairs, inflight: o.inflight, size: 360, warmupMs: o.warmupMs, measureMs: o.measureMs, prefix: 'cr' };
  const hsParams = { pairs: o.pairs, candidates: 8, sdpBytes: 3000, warmupMs: o.warmupMs, measureMs: o.measureMs, prefix: 'ch' };
  const runs = { relay: { single: [], cluster: [], before: [] }, handshake: { single: [], cluster: [], before: [] } };
  // With BENCH_BASELINE set (SERVERS.A0), a 2-instance cluster of that build runs in the same rounds too.
  const variants = SERVERS.A0 ? ['single', 'cluster', 'before'] : ['single', 'cluster'];
  try {
    for (let round = 0; round < o.rounds; round++) {
      for (const [name, load, params] of [
        ['relay', 'load-relay.mjs', relayParams],
        ['handshake', 'load-handshake.mjs', hsParams],
      ]) {
        for (const variant of variants) {
          try {
            const r = await runVariant(load, { ...params, prefix: `${params.prefix}${round}` }, variant !== 'single', redis, variant === 'before' ? SERVERS.A0 : SERVERS.A);
            if (r.errors > 0) log(`  ${name} ${variant}: ${r.errors} unexpected frames, first: ${r.firstError}`);
            runs[name][variant].push(r);
            const fig = name === 'relay' ? `${r.msgsPerSec.toFixed(0)} msgs/s, p99 ${r.p99Ms.toFixed(1)} ms` : `${r.handshakesPerSec.toFixed(0)} handshakes/s, p99 ${r.p99Ms.toFixed(1)} ms`;
            const perMsg = name === 'relay' ? ` (${r.serverCpuUsPerMsg.toFixed(1)} µs/msg, all instances)` : '';
            const each = variant !== 'single' && r.serverCpuPctEach ? ` (${r.serverCpuPctEach.map((x) => `${x.toFixed(0)}%`).join(' + ')})` : '';
            const mc = Number.isFinite(r.markCompacts) ? `, ${r.markCompacts} mark-compacts (instance 1)` : '';
            log(`  round ${round + 1} ${name} ${variant}: ${fig}${mc}, server CPU ${r.serverCpuPct.toFixed(0)}%${each}${perMsg}${variant !== 'single' ? `, Redis CPU ${r.redisCpuPct.toFixed(0)}%` : ''}, load generator ${r.loadCpuPct.toFixed(0)}%`);
          } catch (err) {
            log(`  round ${round + 1} ${name} ${variant}: FAILED ${err?.message ?? err}`);
          }
        }
      }
    }
  } finally {
    await redis.stop();
  }
  const m = (name, variant, key) => median(runs[name][variant].map((r) => r[key]));
  const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b !== 0 ? `${(a / b).toFixed(2)}×` : 'n/a');
  const rs = m('relay', 'single', 'msgsPerSec');
  const rc = m('relay', 'cluster', 'msgsPerSec');
  const hs = m('handshake', 'single', 'p99Ms');
  const hc = m('handshake', 'cluster', 'p99Ms');
  // Per-round ratios (single and cluster ran side by side in each round): what counts on a noisy machine.
  const perRound = (name, key, variant = 'cluster') =>
    median(runs[name][variant].map((r, i) => (runs[name].single[i] ? r[key] / runs[name].single[i][key] : NaN)));
  const cpuS = m('relay', 'single', 'serverCpuUsPerMsg');
  const cpuC = m('relay', 'cluster', 'serverCpuUsPerMsg');
  const cpuRatio = perRound('relay', 'serverCpuUsPerMsg');
  const each = (name, i) => median(runs[name].cluster.map((r) => r.serverCpuPctEach?.[i] ?? NaN));
  const rows = [
    ['relayed msgs/s (all pairs)', rs.toFixed(0), rc.toFixed(0), ratio(rc, rs)],
    ['relayed msgs/s per instance', rs.toFixed(0), (rc / 2).toFixed(0), ratio(rc / 2, rs)],
    ['relay latency p99 (ms)', m('relay', 'single', 'p99Ms').toFixed(1), m('relay', 'cluster', 'p99Ms').toFixed(1), ratio(m('relay', 'cluster', 'p99Ms'), m('relay', 'single', 'p99Ms'))],
    ['server CPU per relayed msg (µs, all instances)', m('relay', 'single', 'serverCpuUsPerMsg').toFixed(1), m('relay', 'cluster', 'serverCpuUsPerMsg').toFixed(1), ratio(m('relay', 'cluster', 'serverCpuUsPerMsg'), m('relay', 'single', 'serverCpuUsPerMsg'))],
    ['server CPU per relayed msg, median of per-round ratios', '', '', Number.isFinite(cpuRatio) ? `${cpuRatio.toFixed(2)}×` : 'n/a'],
    [
      'relay capacity per instance at one core each (msgs/s = 10⁶ / CPU µs per msg, all instances)',
      (1e6 / cpuS).toFixed(0),
      (1e6 / cpuC).toFixed(0),
      Number.isFinite(cpuRatio) ? `${(1 / cpuRatio).toFixed(2)}×` : 'n/a',
    ],
    ['server CPU during relay (%, each instance)', m('relay', 'single', 'serverCpuPct').toFixed(0), `${each('relay', 0).toFixed(0)} + ${each('relay', 1).toFixed(0)}`, ''],
    ['Redis CPU during relay (%)', '–', m('relay', 'cluster', 'redisCpuPct').toFixed(0), ''],
    ['load generator CPU during relay (%)', m('relay', 'single', 'loadCpuPct').toFixed(0), m('relay', 'cluster', 'loadCpuPct').toFixed(0), ''],
    ['handshakes/s', m('handshake', 'single', 'handshakesPerSec').toFixed(0), m('handshake', 'cluster', 'handshakesPerSec').toFixed(0), ratio(m('handshake', 'cluster', 'handshakesPerSec'), m('handshake', 'single', 'handshakesPerSec'))],
    ['handshake p99 (ms)', hs.toFixed(1), hc.toFixed(1), ratio(hc, hs)],
    ['handshake p99, median of per-round ratios', '', '', Number.isFinite(perRound('handshake', 'p99Ms')) ? `${perRound('handshake', 'p99Ms').toFixed(2)}×` : 'n/a'],
    ['server CPU during handshakes (%, each instance)', m('handshake', 'single', 'serverCpuPct').toFixed(0), `${each('handshake', 0).toFixed(0)} + ${each('handshake', 1).toFixed(0)}`, ''],
    ['Redis CPU during handshakes (%)', '–', m('handshake', 'cluster', 'redisCpuPct').toFixed(0), ''],
  ];
  if (SERVERS.A0) {
    const b = (name, key) => m(name, 'before', key);
    rows.push(
      [`relayed msgs/s (all pairs), cluster of ${SERVERS.A0.name}`, '', b('relay', 'msgsPerSec').toFixed(0), ratio(b('relay', 'msgsPerSec'), rs)],
      [`server CPU per relayed msg (µs), cluster of ${SERVERS.A0.name}`, '', b('relay', 'serverCpuUsPerMsg').toFixed(1), ratio(b('relay', 'serverCpuUsPerMsg'), m('relay', 'single', 'serverCpuUsPerMsg'))],
      [`server CPU per relayed msg, cluster / cluster of ${SERVERS.A0.name}, median of per-round ratios`, '', '', `${median(runs.relay.cluster.map((r, i) => (runs.relay.before[i] ? r.serverCpuUsPerMsg / runs.relay.before[i].serverCpuUsPerMsg : NaN))).toFixed(2)}×`],
      [`handshake p99 (ms), cluster of ${SERVERS.A0.name}`, '', b('handshake', 'p99Ms').toFixed(1), ratio(b('handshake', 'p99Ms'), hs)],
    );
  }
  const table = ['| figure (median of rounds) | 1 instance | 2 instances + Redis, pairs split | cluster / single |', '|---|---:|---:|---:|', ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
  const cores = availableParallelism();
  const busy = m('relay', 'cluster', 'serverCpuPct') + m('relay', 'cluster', 'redisCpuPct') + m('relay', 'cluster', 'loadCpuPct');
  const verdict = [
    `- cross-instance relay per instance ≥ 0.5× single instance, raw msgs/s on this machine: ${Number.isFinite(rc / 2 / rs) ? (rc / 2 / rs >= 0.5 ? 'met' : 'NOT met') : 'n/a'} (${ratio(rc / 2, rs)})`,
    `- the same at one core per instance (CPU per cross-instance message ≤ 2× a local one, all instances together; Redis on a core of its own): ${Number.isFinite(cpuRatio) ? (cpuRatio <= 2 ? 'met' : 'NOT met') : 'n/a'} (${Number.isFinite(cpuRatio) ? `${(1 / cpuRatio).toFixed(2)}×` : 'n/a'})`,
    `- handshake p99 ≤ 2× single instance: ${Number.isFinite(hc / hs) ? (hc / hs <= 2 ? 'met' : 'NOT met') : 'n/a'} (${ratio(hc, hs)})`,
    '',
    `What bounds the raw msgs/s here: this machine has ${cores} core(s), shared during the cluster relay rounds by both instances, Redis and the load generator ` +
      `(${m('relay', 'cluster', 'serverCpuPct').toFixed(0)}% + ${m('relay', 'cluster', 'redisCpuPct').toFixed(0)}% + ${m('relay', 'cluster', 'loadCpuPct').toFixed(0)}% = ${busy.toFixed(0)}% of ${cores * 100}%; the rest went to other processes or was idle), ` +
      `whereas the single instance needs one core (and the load generator); so the raw per-instance figure measures how the cores are shared, and the CPU per message says what one instance would do with a core of its own.`,
  ].join('\n');
  return `### 6. Cluster: 1 instance vs 2 instances on one Redis, every pair split across instances (${o.rounds} rounds)\n\n${table}\n\n${verdict}\n`;
}
