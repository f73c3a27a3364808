#!/usr/bin/env node
/**
 * Micro-benchmark of the engine's per-frame path (fair-share gate, parse, depth bound, relay, send
 * bookkeeping, tap) of two builds, side by side in one process, in alternating rounds. Each build gets a
 * SignalingEngine with its default options and `PAIRS` pairs of registered clients on fake sockets (no
 * network, no ws framing: what is measured is the JS the engine runs per frame). Frames are fed in bursts
 * of `BURST` per socket per event-loop turn, as ws hands over one TCP read. Prints CPU ns per frame for
 * each build and the ratio this/other (median of the per-round ratios).
 *
 *   node bench/engine-ab.mjs /path/to/other/checkout      (both built: npm run build:node)
 */
import { EventEmitter } from 'node:events';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const other = process.argv[2];
if (!other) {
  console.error('usage: node bench/engine-ab.mjs /path/to/other/checkout');
  process.exit(2);
}
const here = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const PAIRS = 50;
const BURST = 16;
const ROUNDS = Number(process.env.ROUNDS ?? 9);

async function load(root) {
  const url = (f) => pathToFileURL(path.join(root, 'dist', 'core', f)).href;
  const { SignalingEngine } = await import(url('signaling.js'));
  const { resolveOptions } = await import(url('options.js'));
  return { SignalingEngine, resolveOptions };
}

/** The parts of a `ws` WebSocket and its TCP socket the engine touches. */
class FakeWire {
  writableCorked = 0;
  destroyed = false;
  remoteAddress = '127.0.0.1';
  cork() {
    this.writableCorked += 1;
  }
  uncork() {
    this.writableCorked -= 1;
  }
}

class FakeSocket extends EventEmitter {
  OPEN = 1;
  readyState = 1;
  bufferedAmount = 0;
  sent = 0;
  send() {
    this.sent += 1;
  }
  pause() {}
  resume() {}
  close() {
    this.readyState = 3;
  }
  terminate() {
    this.readyState = 3;
  }
}

function setUp({ SignalingEngine, resolveOptions }) {
  const engine = new SignalingEngine(resolveOptions({}));
  engine.open();
  const pairs = [];
  for (let i = 0; i < PAIRS; i += 1) {
    const ids = [`e${i}a`, `e${i}b`];
    const sockets = ids.map((id) => {
      const ws = new FakeSocket();
      engine.accept(ws, { url: `/peerjs?key=peerjs&id=${id}&token=t${id}`, headers: {}, socket: new FakeWire() });
      return ws;
    });
    pairs.push({ ids, sockets });
  }
  return { engine, pairs };
}

const CANDIDATE_LINE = 'candidate:842163049 1 udp 1677729535 192.168.1.23 54321 typ srflx raddr 0.0.0.0 rport 0 generation 0 ufrag sC2d network-cost 999';
const candidate = (dst) =>
  Buffer.from(
    `{"type":"CANDIDATE","dst":"${dst}","payload":{"candidate":{"candidate":"${CANDIDATE_LINE}","sdpMLineIndex":0,"sdpMid":"0","usernameFragment":"sC2d"},"type":"data","connectionId":"dc_k0w3x2ab7q","pad":"${'x'.repeat(60)}"}}`,
  );
const offer = (dst) =>
  Buffer.from(
    JSON.stringify({
      type: 'OFFER',
      dst,
      payload: { sdp: { type: 'offer', sdp: `v=0\r\n${'a=candidate:1 1 udp 2122260223 192.168.1.17 54321 typ host\r\n'.repeat(45)}` }, type: 'data', connectionId: 'dc_abc123', label: 'dc_abc123', reliable: true, serialization: 'binary', metadata: { name: 'student 4' } },
    }),
  );
const heartbeat = () => Buffer.from('{"type":"HEARTBEAT"}');

const turn = () => new Promise((resolve) => setImmediate(resolve));

/** Feeds `turns` turns of BURST frames per socket; returns CPU ns per frame. */
async function time(setup, frameOf, turns) {
  const frames = setup.pairs.map((p) => [frameOf(p.ids[1]), frameOf(p.ids[0])]);
  let cpu = 0;
  let n = 0;
  for (let t = 0; t < turns; t += 1) {
    const t0 = process.cpuUsage();
    for (let i = 0; i < setup.pairs.length; i += 1) {
      const { sockets } = setup.pairs[i];
      for (let s = 0; s < 2; s += 1) {
        const ws = sockets[s];
        const frame = frames[i][s];
        for (let k = 0; k < BURST; k += 1) ws.emit('message', frame, false);
      }
    }
    await turn(); // the turn ends: corked wires are uncorked, the next turn begins
    const used = process.cpuUsage(t0);
    cpu += used.user + used.system;
    n += setup.pairs.length * 2 * BURST;
  }
  return (cpu * 1000) / n;
}

const builds = { this: setUp(await load(here)), other: setUp(await load(path.resolve(other))) };
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

for (const [name, frameOf, turns] of [
  ['CANDIDATE 360 B relayed', candidate, 400],
  ['OFFER 3 KB relayed', offer, 150],
  ['HEARTBEAT', heartbeat, 400],
]) {
  const best = { this: Infinity, other: Infinity };
  const ratios = [];
  for (let r = 0; r < ROUNDS; r += 1) {
    const order = r % 2 === 0 ? ['this', 'other'] : ['other', 'this'];
    const ns = {};
    for (const b of order) ns[b] = await time(builds[b], frameOf, turns);
    best.this = Math.min(best.this, ns.this);
    best.other = Math.min(best.other, ns.other);
    ratios.push(ns.this / ns.other);
  }
  console.log(
    `${name}: this ${best.this.toFixed(0)} ns/frame, other ${best.other.toFixed(0)} ns/frame (best of ${ROUNDS}); ` +
      `this/other median ${median(ratios).toFixed(3)} (${ratios.map((x) => x.toFixed(2)).join(' ')})`,
  );
}
for (const b of Object.values(builds)) {
  b.engine.close();
  b.engine.terminate();
}
process.exit(0);
