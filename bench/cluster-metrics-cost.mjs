/**
 * CPU cost the Cluster view adds per cross-instance frame (src/core/cluster/metrics.ts): the sender's
 * stamp, the receiver's histogram record, and the record built with and without the stamp, side by side.
 * Run after `npm run build:node`: `node bench/cluster-metrics-cost.mjs`.
 */
import { ClusterMetrics } from '../dist/core/cluster/metrics.js';
const m = new ClusterMetrics();
m.clock.sample(performance.timeOrigin + performance.now() - 0.1, Date.now() + 5, performance.timeOrigin + performance.now());
const N = 2_000_000;
for (let round = 0; round < 3; round++) {
  let t = process.cpuUsage();
  let x = 0;
  for (let i = 0; i < N; i++) { const s = m.stamp(); x += s; }
  let u = process.cpuUsage(t);
  const stampNs = ((u.user + u.system) * 1000) / N;
  t = process.cpuUsage();
  const s0 = m.stamp();
  for (let i = 0; i < N; i++) m.arrived(s0);
  u = process.cpuUsage(t);
  const arrNs = ((u.user + u.system) * 1000) / N;
  // the record as built today vs with the stamp
  t = process.cpuUsage();
  for (let i = 0; i < N / 4; i++) x += JSON.stringify(['f', 'bob', 'alice', 'CANDIDATE', '{"type":"CANDIDATE","payload":{"candidate":"candidate:1 1 udp 2122260223 192.168.1.20 50000 typ host"},"dst":"bob","src":"alice"}']).length;
  u = process.cpuUsage(t);
  const recNs = ((u.user + u.system) * 1000) / (N / 4);
  t = process.cpuUsage();
  for (let i = 0; i < N / 4; i++) x += JSON.stringify(['f', 'bob', 'alice', 'CANDIDATE', '{"type":"CANDIDATE","payload":{"candidate":"candidate:1 1 udp 2122260223 192.168.1.20 50000 typ host"},"dst":"bob","src":"alice"}', m.stamp()]).length;
  u = process.cpuUsage(t);
  const rec2Ns = ((u.user + u.system) * 1000) / (N / 4);
  console.log(`round ${round}: stamp ${stampNs.toFixed(0)} ns, arrived ${arrNs.toFixed(0)} ns, record ${recNs.toFixed(0)} -> ${rec2Ns.toFixed(0)} ns with stamp`, x > 0);
}
