/**
 * The hostile clients of `npm run attack` (bench/attack.mjs), one attack class per run, as issue 13
 * describes them. Each class plays its clients for at most `durationMs`, then reports what the attackers
 * saw: frames sent, ERROR / EXPIRE frames received, how their sockets were closed (code: count).
 *
 *   deep     one client sends 10 KB frames nested 5,000 deep (with and without "src", to a present and an
 *            absent id) and an unbalanced "[" × 100,000, a few times each
 *   invalid  one client sends HEARTBEATs and tiny invalid frames as fast as its socket takes them
 *   slow     a victim stops reading; 3 clients send it 3 KB OFFERs as fast as they can
 *   queue    10 clients queue 20 messages for each of 5,000 absent ids, then 10,000 for one absent id
 *   storm    3,000 WebSocket upgrades at once (the server runs with a limit of 1,000), held 1 s, closed
 */
import { fail, finish, params, sleep, watchdog } from './lib/child.mjs';
import { sdpFrame } from './lib/frames.mjs';
import { connectRaw, encodeFrame, RawPeer } from './lib/rawclient.mjs';

const p = { cls: 'invalid', durationMs: 6000, prefix: 'x', ...params() };
watchdog(p.durationMs + 90_000, `attack-load ${p.cls}`);

const ERROR_MARK = Buffer.from('"type":"ERROR"');
const EXPIRE_MARK = Buffer.from('"type":"EXPIRE"');
const seen = { errors: 0, expires: 0, frames: 0 };

/** A hostile client that counts what it gets. */
function attacker(id) {
  return new RawPeer(p.port, id, (buf, start, end) => {
    seen.frames++;
    const frame = buf.subarray(start, end);
    if (frame.indexOf(ERROR_MARK) >= 0) seen.errors++;
    else if (frame.indexOf(EXPIRE_MARK) >= 0) seen.expires++;
  });
}

/**
 * Writes `next()` frames to `peer` as fast as its socket takes them, in 64 KiB writes (an attacker that
 * spends its CPU on the server, not on syscalls), at most 256 KiB waiting locally, until `next()` returns
 * null, the socket closes or `deadline`. Returns the number of frames written.
 */
async function pump(peer, next, deadline) {
  let n = 0;
  const socket = peer.socket;
  let ended = false;
  while (!socket.destroyed && !peer.closed && performance.now() < deadline) {
    while (!ended && socket.writableLength < 256 * 1024) {
      const batch = [];
      let bytes = 0;
      let frame = null;
      while (bytes < 64 * 1024 && (frame = next()) !== null) {
        batch.push(frame);
        bytes += frame.length;
      }
      if (frame === null) ended = true;
      if (batch.length === 0) break;
      socket.write(batch.length === 1 ? batch[0] : Buffer.concat(batch, bytes));
      n += batch.length;
    }
    if (ended) break;
    await new Promise((resolve) => {
      const t = setTimeout(resolve, 50);
      socket.once('drain', () => {
        clearTimeout(t);
        resolve();
      });
    });
  }
  return n;
}

function closes(peers) {
  const out = {};
  for (const peer of peers) {
    const key = peer.closeCode ?? (peer.closed ? 'dropped' : 'open');
    out[key] = (out[key] ?? 0) + 1;
  }
  return out;
}

function nested(depth, withSrc, dst) {
  const head = `{"type":"OFFER","dst":"${dst}",${withSrc ? '"src":"x",' : ''}"payload":`;
  return Buffer.from(`${head}${'['.repeat(depth)}${']'.repeat(depth)}}`);
}

const classes = {
  async deep(deadline) {
    const mallory = attacker(`${p.prefix}mallory`);
    const target = attacker(`${p.prefix}target`);
    await connectRaw([mallory, target]);
    const frames = [
      nested(5000, true, `${p.prefix}absent`),
      nested(5000, true, `${p.prefix}target`),
      nested(5000, false, `${p.prefix}absent`),
      nested(5000, false, `${p.prefix}target`),
      Buffer.from(`{"type":"OFFER","dst":"${p.prefix}target","payload":${'['.repeat(100_000)}`),
    ];
    let sent = 0;
    // Each frame a few times, on fresh sockets when the server closed the previous one.
    const peers = [mallory, target];
    let current = mallory;
    for (let round = 0; round < 4 && performance.now() < deadline; round++) {
      for (const f of frames) {
        if (current.closed || current.socket.destroyed) {
          current = attacker(`${p.prefix}mallory${sent}`);
          peers.push(current);
          try {
            await current.connect(5000);
          } catch {
            break; // the server no longer accepts connections
          }
        }
        current.write(encodeFrame(f));
        sent++;
        await sleep(100);
      }
    }
    await sleep(500);
    return { sent, closes: closes(peers) };
  },

  async invalid(deadline) {
    const mallory = attacker(`${p.prefix}mallory`);
    await connectRaw([mallory]);
    const frames = [
      encodeFrame(Buffer.from('{"type":"HEARTBEAT"}')),
      encodeFrame(Buffer.from('{')),
      encodeFrame(Buffer.from('[]')),
      encodeFrame(Buffer.from('{"type":"NOPE"}')),
      encodeFrame(Buffer.from('{"type":"OFFER"}')),
    ];
    let i = 0;
    const sent = await pump(mallory, () => frames[i++ % frames.length], deadline);
    return { sent, closes: closes([mallory]) };
  },

  async slow(deadline) {
    const victim = attacker(`${p.prefix}victim`);
    const flooders = [0, 1, 2].map((k) => attacker(`${p.prefix}flooder${k}`));
    await connectRaw([victim, ...flooders]);
    victim.socket.pause(); // stops reading: the server's writes to it pile up
    const offer = encodeFrame(sdpFrame('OFFER', `${p.prefix}victim`, 3000));
    const counts = await Promise.all(flooders.map((f) => pump(f, () => offer, deadline)));
    const sent = counts.reduce((a, b) => a + b, 0);
    victim.socket.destroy();
    return { sent, closes: closes(flooders) };
  },

  async queue(deadline) {
    const senders = Array.from({ length: 10 }, (_, k) => attacker(`${p.prefix}q${k}`));
    await connectRaw(senders, 10);
    const candidate = (dst, n) =>
      encodeFrame(Buffer.from(`{"type":"CANDIDATE","dst":"${dst}","payload":{"candidate":{"candidate":"candidate:${n} 1 udp 2122260223 10.0.0.${n % 250} ${40000 + (n % 20000)} typ host"},"type":"data","connectionId":"dc_${n}"}}`));
    // Phase 1: 5,000 absent ids × 20 messages, the ids split between the senders.
    const phase1 = await Promise.all(
      senders.map((s, k) => {
        let n = 0;
        return pump(s, () => (n >= 500 * 20 ? null : candidate(`${p.prefix}absent${k * 500 + Math.floor(n / 20)}`, n++)), deadline);
      }),
    );
    // Phase 2: 10,000 messages for one absent id.
    const phase2 = await Promise.all(
      senders.map((s) => {
        let n = 0;
        return pump(s, () => (n >= 1000 ? null : candidate(`${p.prefix}one`, n++)), deadline);
      }),
    );
    await sleep(300);
    const sent = [...phase1, ...phase2].reduce((a, b) => a + b, 0);
    return { sent, closes: closes(senders) };
  },

  async storm() {
    const peers = Array.from({ length: 3000 }, (_, k) => attacker(`${p.prefix}s${k}`));
    const results = await Promise.allSettled(peers.map((peer) => peer.connect(30_000)));
    let opened = 0;
    let refused = 0;
    let failed = 0;
    let firstFailure = null;
    for (const r of results) {
      if (r.status === 'fulfilled') opened++;
      else if (/ERROR|limit/i.test(String(r.reason?.message))) refused++;
      else {
        failed++;
        firstFailure ??= String(r.reason?.message ?? r.reason).slice(0, 200);
      }
    }
    await sleep(1000);
    await Promise.all(peers.filter((peer) => peer.opened).map((peer) => peer.close(5000)));
    return { sent: peers.length, opened, refused, failed, firstFailure, closes: closes(peers.filter((peer) => !peer.opened)) };
  },
};

async function main() {
  const run = classes[p.cls];
  if (!run) throw new Error(`unknown attack class ${p.cls}`);
  const t0 = performance.now();
  const out = await run(t0 + p.durationMs);
  finish({ cls: p.cls, seconds: (performance.now() - t0) / 1000, errorsReceived: seen.errors, expiresReceived: seen.expires, framesReceived: seen.frames, ...out });
}

main().catch((err) => fail(`attack-load: ${err?.stack ?? err}`));
