/**
 * Load generator for scenario 4 (churn). Clients connect and leave in waves of `wave` clients: each
 * client of a wave connects, sends one CANDIDATE to its neighbour in the wave, and once the wave's
 * messages have arrived, the wave leaves: every `abruptEvery`-th client drops abruptly (its TCP socket is
 * destroyed, no close frame), the rest close cleanly. `warmupWaves` waves first fill the server's caches
 * and buffers, then checkpoint 'base'; then `conns` clients churn, then checkpoint 'after'. The
 * orchestrator measures the server's heap after GC and RSS at both checkpoints.
 */
import { checkpoint, fail, finish, params, sleep, watchdog } from './lib/child.mjs';
import { closeAll, connectMany, send } from './lib/client.mjs';
import { candidateFrame } from './lib/frames.mjs';

const p = { conns: 10000, wave: 1000, warmupWaves: 3, concurrency: 100, abruptEvery: 4, settleMs: 1000, prefix: 'c', ...params() };
watchdog(600_000, 'load-churn');

async function runWave(label) {
  let received = 0;
  const conn = await connectMany(p.port, p.wave, {
    concurrency: p.concurrency,
    idOf: (i) => `${p.prefix}${label}x${i}`,
    onMessageOf: () => () => {
      received++;
    },
  });
  if (conn.failures > 0) throw new Error(`wave ${label}: ${conn.failures} clients failed to connect: ${conn.firstError}`);
  const expected = p.wave - (p.wave % 2);
  for (let i = 0; i < expected; i++) send(conn.clients[i], candidateFrame(`${p.prefix}${label}x${i ^ 1}`));
  const until = performance.now() + 5000;
  while (received < expected && performance.now() < until) await sleep(10);
  await closeAll(conn.clients, { abruptEvery: p.abruptEvery });
  return { seconds: conn.seconds, received, expected };
}

async function main() {
  const t0 = performance.now();
  for (let w = 0; w < p.warmupWaves; w++) await runWave(`w${w}`);
  await sleep(p.settleMs);
  await checkpoint('base');
  const waves = Math.ceil(p.conns / p.wave);
  let lost = 0;
  const churnStart = performance.now();
  for (let w = 0; w < waves; w++) {
    const r = await runWave(`m${w}`);
    lost += r.expected - r.received;
  }
  const churnSeconds = (performance.now() - churnStart) / 1000;
  await sleep(p.settleMs);
  await checkpoint('after');
  finish({
    churned: waves * p.wave,
    churnSeconds,
    churnPerSec: (waves * p.wave) / churnSeconds,
    lostMessages: lost,
    totalSeconds: (performance.now() - t0) / 1000,
  });
}

main().catch((err) => fail(`load-churn: ${err?.stack ?? err}`));
