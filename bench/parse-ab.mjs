#!/usr/bin/env node
/**
 * Micro-benchmark of the per-frame parse (parseClientFrame) of two builds, side by side in one process, in
 * alternating rounds, on the frames of the relay benchmark (a 360-byte CANDIDATE) and a PeerJS OFFER (~3 KB
 * SDP). Prints CPU ns per frame for each build and the ratio (this build / the other).
 *
 *   node bench/parse-ab.mjs /path/to/other/checkout     (both built: npm run build:node)
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const other = process.argv[2];
if (!other) {
  console.error('usage: node bench/parse-ab.mjs /path/to/other/checkout');
  process.exit(2);
}
const here = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const load = async (root) => (await import(pathToFileURL(path.join(root, 'dist', 'core', 'protocol.js')).href)).parseClientFrame;
const builds = { this: await load(here), other: await load(path.resolve(other)) };

const candidate = JSON.stringify({
  type: 'CANDIDATE',
  dst: 'r-peer-17',
  payload: { candidate: { candidate: `candidate:1 1 udp 2122260223 192.168.1.17 54321 typ host generation 0 ufrag abcd network-id 1 ${'x'.repeat(150)}`, sdpMid: '0', sdpMLineIndex: 0 }, type: 'data', connectionId: 'dc_abc123' },
});
const offer = JSON.stringify({
  type: 'OFFER',
  dst: 'host-1',
  payload: { sdp: { type: 'offer', sdp: `v=0\r\n${'a=candidate:1 1 udp 2122260223 192.168.1.17 54321 typ host\r\n'.repeat(50)}` }, type: 'data', connectionId: 'dc_abc123', label: 'dc_abc123', reliable: true, serialization: 'binary', metadata: { name: 'student 4', seat: [3, 4] } },
});

function time(parse, text, n) {
  let ok = 0;
  // CPU time of this process, not wall time: on a shared machine, time spent waiting for a core is not ours.
  const t0 = process.cpuUsage();
  for (let i = 0; i < n; i += 1) if (parse(text).ok) ok += 1;
  const used = process.cpuUsage(t0);
  const ns = ((used.user + used.system) * 1000) / n;
  if (ok !== n) throw new Error('a frame did not parse');
  return ns;
}

const ROUNDS = 15;
for (const [name, text, n] of [['CANDIDATE 360 B', candidate, 200_000], ['OFFER 3 KB', offer, 50_000]]) {
  const best = { this: Infinity, other: Infinity };
  const ratios = [];
  for (let r = 0; r < ROUNDS; r += 1) {
    const a = time(builds.this, text, n);
    const b = time(builds.other, text, n);
    best.this = Math.min(best.this, a);
    best.other = Math.min(best.other, b);
    ratios.push(a / b);
  }
  ratios.sort((x, y) => x - y);
  const median = ratios[Math.floor(ratios.length / 2)];
  console.log(`${name} (${Buffer.byteLength(text)} bytes): this ${best.this.toFixed(0)} ns, other ${best.other.toFixed(0)} ns (best of ${ROUNDS}); ratio this/other median ${median.toFixed(3)}, best-vs-best ${(best.this / best.other).toFixed(3)}`);
}
