/**
 * The benchmark's scenarios: which servers (variants) run, which load generator drives them, what is
 * measured at each checkpoint, and which figures come out. Figures are plain numbers per run; the
 * report takes medians and per-round ratios against the scenario's reference variant.
 */
import path from 'node:path';
import { spawnNode, stopChild } from './procs.mjs';
import { ROOT, SERVERS } from './servers.mjs';

/** A figure of a scenario. `better`: which direction is good (for ratios); `fmt`: how to print it. */
const fig = (key, label, unit, better, digits = 0) => ({ key, label, unit, better, digits });

const memoryCheckpoint = (server) => server.memory();
const noCheckpoint = async () => null;

/** Switchboard's flags when the dashboard is not part of the scenario. */
const NO_DASHBOARD = ['--no-dashboard'];
const WITH_DASHBOARD = ['--dashboard', '--admin_port', '0'];

const relayFigures = [
  fig('msgsPerSec', 'relayed msgs/s', '/s', 'higher'),
  fig('serverCpuUsPerMsg', 'server CPU per msg', 'µs', 'lower', 2),
  fig('p50Ms', 'latency p50', 'ms', 'lower', 2),
  fig('p99Ms', 'latency p99', 'ms', 'lower', 2),
  fig('serverCpuPct', 'server CPU', '%', null),
  fig('loadCpuPct', 'load generator CPU', '%', null),
];

export function scenarios(o) {
  const abc = (extraA) => [
    { id: 'A', server: 'A', extraArgs: extraA },
    { id: 'B', server: 'B' },
    { id: 'C', server: 'C' },
    ...(SERVERS.A0 ? [{ id: 'A0', server: 'A0', extraArgs: extraA }] : []),
  ];
  const relayParams = { pairs: o.pairs, inflight: o.inflight, size: 360, warmupMs: o.warmupMs, measureMs: o.measureMs };
  return [
    {
      id: 'relay',
      title: `1. Relay: ${o.pairs} pairs ping-ponging 360-byte CANDIDATEs, ${o.inflight} in flight per pair`,
      variants: abc(NO_DASHBOARD),
      reference: 'B',
      load: 'load-relay.mjs',
      params: () => ({ ...relayParams, prefix: 'r' }),
      onCheckpoint: noCheckpoint,
      figures: relayFigures,
      figuresOf: ({ result }) => result,
      check: ({ result }) => (result.errors > 0 ? `${result.errors} unexpected frames, first: ${result.firstError}` : null),
    },
    {
      id: 'handshake',
      title: `2. Handshakes: ${o.pairs} pairs, OFFER + ANSWER with ~3 KB SDP and 8 CANDIDATEs each way, back to back`,
      variants: abc(NO_DASHBOARD),
      reference: 'B',
      load: 'load-handshake.mjs',
      params: () => ({ pairs: o.pairs, candidates: 8, sdpBytes: 3000, warmupMs: o.warmupMs, measureMs: o.measureMs, prefix: 'h' }),
      onCheckpoint: noCheckpoint,
      figures: [
        fig('handshakesPerSec', 'handshakes/s', '/s', 'higher'),
        fig('serverCpuUsPerHandshake', 'server CPU per handshake', 'µs', 'lower'),
        fig('p50Ms', 'handshake p50', 'ms', 'lower', 2),
        fig('p99Ms', 'handshake p99', 'ms', 'lower', 2),
        fig('serverCpuPct', 'server CPU', '%', null),
        fig('loadCpuPct', 'load generator CPU', '%', null),
      ],
      figuresOf: ({ result }) => result,
      check: ({ result }) => (result.errors > 0 ? `${result.errors} unexpected frames, first: ${result.firstError}` : null),
    },
    {
      id: 'idle',
      title: `3. Idle: ${o.idleConns.toLocaleString('en')} connections with a HEARTBEAT every 5 s`,
      variants: abc(NO_DASHBOARD),
      reference: 'B',
      load: 'load-idle.mjs',
      params: () => ({ conns: o.idleConns, concurrency: 100, heartbeatMs: 5000, holdMs: o.idleHoldMs, prefix: 'i' }),
      onCheckpoint: memoryCheckpoint,
      figures: [
        fig('connectPerSec', 'connect rate', '/s', 'higher'),
        fig('openP99Ms', 'connect → OPEN p99', 'ms', 'lower', 1),
        fig('rssPerConn', 'RSS per connection', 'B', 'lower'),
        fig('settledRssPerConn', 'RSS per connection, settled (after a memory-reducing GC)', 'B', 'lower'),
        fig('heapPerConn', 'JS heap per connection (after GC)', 'B', 'lower'),
        fig('idleServerCpuPct', 'server CPU while idle', '%', null, 1),
        fig('loadConnectCpuPct', 'load generator CPU while connecting', '%', null),
      ],
      figuresOf: ({ result, checkpoints }) => ({
        ...result,
        rssPerConn: (checkpoints.loaded.vmRss - checkpoints.empty.vmRss) / result.conns,
        settledRssPerConn: (checkpoints.loaded.settled.vmRss - checkpoints.empty.settled.vmRss) / result.conns,
        heapPerConn: (checkpoints.loaded.heapUsed - checkpoints.empty.heapUsed) / result.conns,
      }),
      check: ({ result }) => (result.stillOpen < result.conns ? `${result.conns - result.stillOpen} connections dropped while idle` : null),
    },
    {
      id: 'churn',
      title: `4. Churn: ${o.churnConns.toLocaleString('en')} clients connecting and leaving in waves of ${o.churnWave}, a quarter dropping abruptly`,
      variants: abc(NO_DASHBOARD),
      reference: 'B',
      load: 'load-churn.mjs',
      params: () => ({ conns: o.churnConns, wave: o.churnWave, warmupWaves: o.churnWarmupWaves, concurrency: 100, abruptEvery: 4, prefix: 'c' }),
      onCheckpoint: memoryCheckpoint,
      figures: [
        // Growths are near zero and may be negative: ratios of them mean nothing, so none are shown.
        fig('heapGrowthPerConn', 'heap growth per churned connection (after GC)', 'B', null, 1),
        fig('rssGrowthPerConn', 'RSS growth per churned connection', 'B', null, 1),
        fig('heapAfterKiB', 'heap after churn (after GC)', 'KiB', 'lower'),
        fig('rssAfterKiB', 'RSS after churn', 'KiB', 'lower'),
        fig('churnPerSec', 'churned connections/s', '/s', null),
      ],
      figuresOf: ({ result, checkpoints }) => ({
        ...result,
        heapGrowthPerConn: (checkpoints.after.heapUsed - checkpoints.base.heapUsed) / result.churned,
        rssGrowthPerConn: (checkpoints.after.vmRss - checkpoints.base.vmRss) / result.churned,
        heapAfterKiB: checkpoints.after.heapUsed / 1024,
        rssAfterKiB: checkpoints.after.vmRss / 1024,
      }),
      check: ({ result }) => (result.lostMessages > 0 ? `${result.lostMessages} messages lost during churn` : null),
    },
    {
      id: 'dashboard',
      title: '5. Relay (as scenario 1) with the dashboard event stream subscribed vs not (Switchboard only, dashboard on)',
      variants: [
        { id: 'unsubscribed', server: 'A', extraArgs: WITH_DASHBOARD },
        { id: 'subscribed', server: 'A', extraArgs: WITH_DASHBOARD, attach: attachSubscriber },
      ],
      reference: 'unsubscribed',
      load: 'load-relay.mjs',
      params: () => ({ ...relayParams, prefix: 'd' }),
      onCheckpoint: noCheckpoint,
      figures: [
        ...relayFigures,
        fig('batchesPerSec', 'UI batches/s', '/s', null, 1),
        fig('maxBatchEvents', 'largest batch (events)', '', null),
        fig('maxBatchKiB', 'largest batch', 'KiB', null),
        fig('droppedPct', 'events left out of batches', '%', null, 1),
      ],
      figuresOf: ({ result, aux }) => ({
        ...result,
        ...(aux
          ? {
              batchesPerSec: aux.batches / aux.seconds,
              maxBatchEvents: aux.maxBatchEvents,
              maxBatchKiB: aux.maxBatchBytes / 1024,
              droppedPct: (aux.dropped / Math.max(1, aux.dropped + aux.events)) * 100,
            }
          : {}),
      }),
      check: ({ result, aux }) => {
        if (result.errors > 0) return `${result.errors} unexpected frames, first: ${result.firstError}`;
        if (aux && aux.batches === 0) return 'the subscriber received no batch';
        return null;
      },
    },
  ];
}

/**
 * Subscribes a dashboard (bench/dashboard-subscriber.mjs) to a running Switchboard through its admin
 * socket, using the URL with the token that the CLI prints at start. Returns { stop() → stats }.
 */
async function attachSubscriber(server) {
  const deadline = Date.now() + 10000;
  let m = null;
  while (!(m = /Dashboard: (http:\/\/\S+)/.exec(server.output())) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
  }
  if (!m) throw new Error(`Switchboard printed no dashboard URL: ${server.output().slice(-500)}`);
  const child = spawnNode(path.join(ROOT, 'bench', 'dashboard-subscriber.mjs'), [JSON.stringify({ url: m[1] })], { cwd: ROOT });
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`dashboard subscriber not ready: ${child.tail}`)), 10000);
    child.on('message', (msg) => {
      if (msg?.type === 'ready') {
        clearTimeout(timer);
        resolve();
      } else if (msg?.type === 'error') {
        clearTimeout(timer);
        reject(new Error(msg.message));
      }
    });
    child.once('exit', () => reject(new Error(`dashboard subscriber exited: ${child.tail}`)));
  });
  const t0 = performance.now();
  return {
    async stop() {
      const seconds = (performance.now() - t0) / 1000;
      const stats = await new Promise((resolve) => {
        const timer = setTimeout(() => resolve(null), 5000);
        child.on('message', (msg) => {
          if (msg?.type === 'report') {
            clearTimeout(timer);
            resolve(msg.stats);
          }
        });
        child.send({ type: 'report' });
      });
      await stopChild(child, 2000);
      if (!stats) throw new Error('dashboard subscriber did not report');
      return { ...stats, seconds };
    },
  };
}
