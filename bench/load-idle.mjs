/**
 * Load generator for scenario 3 (idle connections). Opens `conns` PeerJS clients (at most `concurrency`
 * handshakes in flight), then keeps them idle with a HEARTBEAT every `heartbeatMs` each (PeerJS's default
 * is 5 s), staggered by one sweep timer, for `holdMs`. Checkpoints: 'empty' (before connecting) and
 * 'loaded' (all connected, after the hold): the orchestrator measures the server's RSS and heap there.
 * Reports the connect rate, connect → OPEN p50/p99, and server CPU while idle.
 */
import { checkpoint, fail, finish, params, sleep, watchdog, Window } from './lib/child.mjs';
import { closeAll, connectMany, send } from './lib/client.mjs';
import { HEARTBEAT } from './lib/frames.mjs';

const p = { conns: 10000, concurrency: 100, heartbeatMs: 5000, holdMs: 6000, prefix: 'i', ...params() };
watchdog(p.holdMs + 180_000, 'load-idle');

function percentile(sorted, q) {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil((q / 100) * sorted.length) - 1)];
}

async function main() {
  await checkpoint('empty');
  const cpu0 = process.cpuUsage();
  const conn = await connectMany(p.port, p.conns, {
    concurrency: p.concurrency,
    idOf: (i) => `${p.prefix}${i}`,
  });
  const connectCpu = process.cpuUsage(cpu0);
  if (conn.failures > 0) throw new Error(`${conn.failures} of ${p.conns} clients failed to connect: ${conn.firstError}`);
  const opens = Array.from(conn.openMs).sort((a, b) => a - b);

  // One sweep timer: every 100 ms, a slice of the clients sends its heartbeat.
  const slices = Math.max(1, Math.round(p.heartbeatMs / 100));
  let slice = 0;
  let heartbeats = 0;
  const sweep = setInterval(() => {
    for (let i = slice; i < conn.clients.length; i += slices) {
      const ws = conn.clients[i];
      if (ws.readyState === 1) {
        send(ws, HEARTBEAT);
        heartbeats++;
      }
    }
    slice = (slice + 1) % slices;
  }, 100);

  const w = new Window(p.serverPid);
  w.start();
  await sleep(p.holdMs);
  const hold = w.stop();
  await checkpoint('loaded');
  clearInterval(sweep);
  const stillOpen = conn.clients.filter((ws) => ws.readyState === 1).length;
  await closeAll(conn.clients);

  finish({
    conns: p.conns,
    connectSeconds: conn.seconds,
    connectPerSec: p.conns / conn.seconds,
    openP50Ms: percentile(opens, 50),
    openP99Ms: percentile(opens, 99),
    loadConnectCpuPct: ((connectCpu.user + connectCpu.system) / 1e6 / conn.seconds) * 100,
    heartbeats,
    stillOpen,
    idleServerCpuPct: hold.serverCpuPct,
    loadCpuPct: hold.loadCpuPct,
  });
}

main().catch((err) => fail(`load-idle: ${err?.stack ?? err}`));
