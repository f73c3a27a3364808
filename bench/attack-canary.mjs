/**
 * The honest pair of `npm run attack` (bench/attack.mjs): two clients relaying about `rate` round trips/s
 * (A sends a CANDIDATE to B every 1000/rate ms, B answers it at once) for as long as the orchestrator runs
 * its attack, then waits for every message still in flight.
 * Reports each round trip as [wall-clock send time ms, round-trip ms] (the orchestrator cuts them into
 * before/during/after windows by its own wall-clock marks), and what was lost: round trips never
 * completed, frames other than the expected ones, and whether either client was disconnected.
 */
import { checkpoint, fail, finish, params, sleep, watchdog } from './lib/child.mjs';
import { connectRaw, encodeFrame, RawPeer } from './lib/rawclient.mjs';

const p = { rate: 200, prefix: 'canary', maxMs: 600_000, ...params() };
watchdog(p.maxMs, 'attack-canary');

const SEQ = /"seq":(\d+)/;

async function main() {
  const idA = `${p.prefix}A`;
  const idB = `${p.prefix}B`;
  const sentAt = new Map(); // seq → [wall ms, performance ms]
  const samples = [];
  let unexpected = 0;
  let firstUnexpected = null;
  let sent = 0;
  const frameTo = (dst, seq) => encodeFrame(Buffer.from(`{"type":"CANDIDATE","dst":"${dst}","payload":{"seq":${seq},"candidate":"candidate:1 1 udp 2122260223 192.168.1.2 54321 typ host"}}`));
  const seqOf = (buf, start, end) => {
    const text = buf.toString('utf8', start, end);
    const m = SEQ.exec(text);
    if (!m || !text.includes('"CANDIDATE"')) {
      unexpected++;
      firstUnexpected ??= text.slice(0, 200);
      return -1;
    }
    return Number(m[1]);
  };
  const a = new RawPeer(p.port, idA, (buf, start, end) => {
    const seq = seqOf(buf, start, end);
    const t = sentAt.get(seq);
    if (t === undefined) return;
    sentAt.delete(seq);
    samples.push([t[0], performance.now() - t[1]]);
  });
  const b = new RawPeer(p.port, idB, (buf, start, end) => {
    const seq = seqOf(buf, start, end);
    if (seq >= 0) b.write(frameTo(idA, seq));
  });
  await connectRaw([a, b], 2);

  let running = true;
  const interval = 1000 / p.rate;
  let next = performance.now();
  // A paced sender that catches up after a late timer (as a browser app sending on a schedule would).
  const tick = () => {
    if (!running) return;
    const now = performance.now();
    while (next <= now) {
      const seq = sent++;
      sentAt.set(seq, [Date.now(), performance.now()]);
      a.write(frameTo(idB, seq));
      next += interval;
    }
    setTimeout(tick, Math.max(0, next - performance.now()));
  };
  tick();
  await checkpoint('relaying'); // the orchestrator runs its before / attack / after windows meanwhile
  running = false;
  const until = performance.now() + 5000;
  while (sentAt.size > 0 && performance.now() < until) await sleep(50);
  const disconnected = [a, b].filter((peer) => peer.closed).map((peer) => peer.id);
  await Promise.all([a.close(), b.close()]);
  finish({ sent, samples, lost: sentAt.size, unexpected, firstUnexpected, disconnected });
}

main().catch((err) => fail(`attack-canary: ${err?.stack ?? err}`));
