/**
 * Load generator for scenario 2 (handshakes). `pairs` pairs of clients run signaling handshakes back to
 * back, like PeerJS DataConnections being set up: A sends an OFFER (about `sdpBytes` of SDP) and
 * `candidates` CANDIDATEs to B; when B gets the OFFER it sends an ANSWER and `candidates` CANDIDATEs back.
 * A handshake is complete when A holds the ANSWER and all of B's candidates and B holds all of A's
 * candidates. Reports handshakes/s, their latency (start → complete) p50/p99, server CPU per handshake
 * and this generator's own CPU.
 */
import { fail, finish, params, sleep, watchdog, Window } from './lib/child.mjs';
import { candidateFrame, sdpFrame } from './lib/frames.mjs';
import { connectRaw, encodeFrame, RawPeer } from './lib/rawclient.mjs';
import { LatencyRecorder } from './lib/stats.mjs';

const p = { pairs: 50, candidates: 8, sdpBytes: 3000, warmupMs: 1500, measureMs: 4000, prefix: 'h', ...params() };
watchdog(p.warmupMs + p.measureMs + 60_000, 'load-handshake');

const OFFER = Buffer.from('"OFFER"');
const ANSWER = Buffer.from('"ANSWER"');

async function main() {
  let running = true;
  let completed = 0;
  let messages = 0;
  let errors = 0;
  let firstError = null;
  let rec = new LatencyRecorder();
  const perSide = 1 + p.candidates;

  const pairs = [];
  for (let i = 0; i < p.pairs; i++) {
    const a = `${p.prefix}${i}a`;
    const b = `${p.prefix}${i}b`;
    const cid = `dc_${i.toString(36).padStart(10, '0')}`;
    pairs.push({
      a,
      b,
      offer: encodeFrame(sdpFrame('OFFER', b, p.sdpBytes, cid)),
      answer: encodeFrame(sdpFrame('ANSWER', a, p.sdpBytes, cid)),
      candAB: encodeFrame(candidateFrame(b, { connectionId: cid })),
      candBA: encodeFrame(candidateFrame(a, { connectionId: cid })),
      peerA: null,
      peerB: null,
      gotA: 0, // frames A received in this handshake
      gotB: 0,
      t0: 0,
    });
  }

  function begin(pair) {
    pair.gotA = 0;
    pair.gotB = 0;
    pair.t0 = performance.now();
    pair.peerA.write(pair.offer);
    for (let c = 0; c < p.candidates; c++) pair.peerA.write(pair.candAB);
  }

  function check(pair, buf, start, end, mark, side) {
    const i = buf.indexOf(mark, start);
    if (i < 0 || i >= end) {
      errors++;
      firstError ??= `${side} expected ${mark.toString()}: ${buf.subarray(start, end).toString().slice(0, 200)}`;
    }
  }

  function maybeDone(pair) {
    if (pair.gotA === perSide && pair.gotB === perSide) {
      completed++;
      rec.add(performance.now() - pair.t0);
      if (running) begin(pair);
    }
  }

  const peers = [];
  for (const pair of pairs) {
    pair.peerA = new RawPeer(p.port, pair.a, (buf, start, end) => {
      messages++;
      if (++pair.gotA === 1) check(pair, buf, start, end, ANSWER, 'A');
      maybeDone(pair);
    });
    // portB: the other instance of a cluster (the pair split across instances).
    pair.peerB = new RawPeer(p.portB ?? p.port, pair.b, (buf, start, end) => {
      messages++;
      if (++pair.gotB === 1) {
        check(pair, buf, start, end, OFFER, 'B');
        pair.peerB.write(pair.answer);
        for (let c = 0; c < p.candidates; c++) pair.peerB.write(pair.candBA);
      }
      maybeDone(pair);
    });
    peers.push(pair.peerA, pair.peerB);
  }
  await connectRaw(peers, 20);

  for (const pair of pairs) begin(pair);
  await sleep(p.warmupMs);

  const w = new Window(p.serverPid, { otherServerPids: p.otherServerPids, redisPid: p.redisPid });
  rec = new LatencyRecorder();
  const completed0 = completed;
  const messages0 = messages;
  w.start();
  await sleep(p.measureMs);
  const win = w.stop();
  const done = completed - completed0;
  const msgs = messages - messages0;
  const lat = rec.percentiles([50, 99]);
  running = false;

  const drainUntil = performance.now() + 3000;
  let last = -1;
  while (messages !== last && performance.now() < drainUntil) {
    last = messages;
    await sleep(100);
  }
  await Promise.all(peers.map((peer) => peer.close()));

  finish({
    handshakes: done,
    handshakesPerSec: done / win.seconds,
    msgsPerSec: msgs / win.seconds,
    serverCpuUsPerHandshake: win.serverCpuUs / done,
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

main().catch((err) => fail(`load-handshake: ${err?.stack ?? err}`));
