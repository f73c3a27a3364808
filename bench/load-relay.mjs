/**
 * Load generator for scenario 1 (relay) and 5 (relay with the dashboard subscribed).
 * `pairs` pairs of clients ping-pong CANDIDATE messages of exactly `size` bytes, `inflight` per pair:
 * A sends slot k to B, B answers slot k to A, A sends slot k again, ... Every received message is one
 * relayed message; its one-way latency is measured from its send (both ends live in this process).
 * Reports relayed msgs/s, server CPU µs per message (/proc/<pid>/stat), latency p50/p99, and this
 * generator's own CPU use over the same window.
 */
import { checkpoint, fail, finish, params, sleep, watchdog, Window } from './lib/child.mjs';
import { candidateFrame } from './lib/frames.mjs';
import { connectRaw, encodeFrame, RawPeer } from './lib/rawclient.mjs';
import { LatencyRecorder } from './lib/stats.mjs';

const p = { pairs: 50, inflight: 16, size: 360, warmupMs: 1500, measureMs: 4000, prefix: 'r', ...params() };
watchdog(p.warmupMs + p.measureMs + 60_000, 'load-relay');

const K_MARK = Buffer.from('"k":"');

/** The CANDIDATE for slot k (a JSON text of exactly p.size bytes), encoded as a client frame. */
function slotFrame(dst, k) {
  return encodeFrame(candidateFrame(dst, { extra: `,"k":"${String(k).padStart(2, '0')}"`, size: p.size }));
}

/** The slot number in a received frame (bytes start..end of buf), or -1. */
function slotOf(buf, start, end) {
  const i = buf.indexOf(K_MARK, start);
  if (i < 0 || i + 7 > end) return -1;
  return (buf[i + 5] - 48) * 10 + (buf[i + 6] - 48);
}

async function main() {
  if (p.inflight > 99) throw new Error('inflight must be at most 99');
  let running = true;
  let received = 0;
  let errors = 0;
  let firstError = null;
  let rec = new LatencyRecorder();

  const pairs = [];
  for (let i = 0; i < p.pairs; i++) {
    const a = `${p.prefix}${i}a`;
    const b = `${p.prefix}${i}b`;
    const pair = {
      a,
      b,
      peerA: null,
      peerB: null,
      ab: Array.from({ length: p.inflight }, (_, k) => slotFrame(b, k)),
      ba: Array.from({ length: p.inflight }, (_, k) => slotFrame(a, k)),
      sentAB: new Float64Array(p.inflight),
      sentBA: new Float64Array(p.inflight),
    };
    pairs.push(pair);
  }

  const onFrameOf = (pair, isA) => {
    return (buf, start, end) => {
      const k = slotOf(buf, start, end);
      if (k < 0 || k >= p.inflight) {
        errors++;
        firstError ??= buf.subarray(start, end).toString().slice(0, 200);
        return;
      }
      const now = performance.now();
      received++;
      if (isA) {
        rec.add(now - pair.sentBA[k]);
        if (running) {
          pair.sentAB[k] = now;
          pair.peerA.write(pair.ab[k]);
        }
      } else {
        rec.add(now - pair.sentAB[k]);
        if (running) {
          pair.sentBA[k] = now;
          pair.peerB.write(pair.ba[k]);
        }
      }
    };
  };

  const peers = [];
  for (const pair of pairs) {
    pair.peerA = new RawPeer(p.port, pair.a, onFrameOf(pair, true));
    // portB: the other instance of a cluster (the pair split across instances).
    pair.peerB = new RawPeer(p.portB ?? p.port, pair.b, onFrameOf(pair, false));
    peers.push(pair.peerA, pair.peerB);
  }
  await connectRaw(peers, 20);
  await checkpoint('connected');

  const t = performance.now();
  for (const pair of pairs) {
    for (let k = 0; k < p.inflight; k++) {
      pair.sentAB[k] = t;
      pair.peerA.write(pair.ab[k]);
    }
  }
  await sleep(p.warmupMs);

  const w = new Window(p.serverPid, { otherServerPids: p.otherServerPids, redisPid: p.redisPid });
  rec = new LatencyRecorder();
  const received0 = received;
  w.start();
  await sleep(p.measureMs);
  const win = w.stop();
  const msgs = received - received0;
  const lat = rec.percentiles([50, 99]);
  running = false;

  // Let the in-flight messages drain (bounded), then leave.
  const drainUntil = performance.now() + 3000;
  let last = -1;
  while (received !== last && performance.now() < drainUntil) {
    last = received;
    await sleep(100);
  }
  await checkpoint('measured');
  await Promise.all(peers.map((peer) => peer.close()));

  finish({
    msgs,
    msgsPerSec: msgs / win.seconds,
    serverCpuUsPerMsg: win.serverCpuUs / msgs,
    serverCpuPct: win.serverCpuPct,
    serverCpuPctEach: win.serverCpuPctEach,
    redisCpuPct: win.redisCpuPct,
    loadCpuPct: win.loadCpuPct,
    loadSysPct: win.loadSysPct,
    p50Ms: lat.p50,
    p99Ms: lat.p99,
    seconds: win.seconds,
    errors,
    firstError,
  });
}

main().catch((err) => fail(`load-relay: ${err?.stack ?? err}`));
