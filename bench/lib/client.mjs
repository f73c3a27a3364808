/**
 * Efficient PeerJS-protocol clients for the load generators, on the `ws` client:
 * zero masking key (RFC-legal; ws then skips the XOR), no UTF-8 validation, no compression, and writes
 * coalesced per socket within a tick (cork now, uncork on nextTick), so the generator stays cheap and the
 * server, not the generator, is what gets measured.
 */
import WebSocket from 'ws';

const zeroMask = () => {};
const TEXT = { binary: false };

const corked = [];
let flushScheduled = false;
function flush() {
  flushScheduled = false;
  for (let i = 0; i < corked.length; i++) {
    const s = corked[i];
    s.__benchCorked = false;
    s.uncork();
  }
  corked.length = 0;
}

/** Sends a text frame (Buffer or string); writes to one socket in the same tick go out together. */
export function send(ws, data) {
  const s = ws._socket;
  if (s && !s.__benchCorked) {
    s.__benchCorked = true;
    s.cork();
    corked.push(s);
    if (!flushScheduled) {
      flushScheduled = true;
      process.nextTick(flush);
    }
  }
  ws.send(data, TEXT);
}

export function peerUrl(port, id, { key = 'peerjs', token = `t${id}`, path = '/' } = {}) {
  const base = path.endsWith('/') ? path : `${path}/`;
  return `ws://127.0.0.1:${port}${base}peerjs?key=${encodeURIComponent(key)}&id=${encodeURIComponent(id)}&token=${encodeURIComponent(token)}&version=1.5.5`;
}

const OPEN_FRAME = Buffer.from('"OPEN"');

/**
 * Connects one client and resolves with { ws, openMs } once the server's OPEN arrives (openMs: time from
 * `new WebSocket` to OPEN). Rejects on an ERROR/ID-TAKEN first frame, close, error or `timeoutMs`.
 * After OPEN, frames go to `onMessage(data)` (a Buffer).
 */
export function connectPeer(port, id, { onMessage = null, timeoutMs = 15000, ...urlOpts } = {}) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const ws = new WebSocket(peerUrl(port, id, urlOpts), {
      perMessageDeflate: false,
      skipUTF8Validation: true,
      generateMask: zeroMask,
      handshakeTimeout: timeoutMs,
    });
    let opened = false;
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error(`client ${id}: no OPEN within ${timeoutMs} ms`));
    }, timeoutMs);
    ws.on('error', (err) => {
      if (!opened) {
        clearTimeout(timer);
        reject(err);
      }
    });
    ws.on('close', () => {
      if (!opened) {
        clearTimeout(timer);
        reject(new Error(`client ${id}: closed before OPEN`));
      }
    });
    ws.on('message', (data) => {
      if (opened) {
        if (onMessage !== null) onMessage(data);
        return;
      }
      clearTimeout(timer);
      if (data.indexOf(OPEN_FRAME) < 0) {
        ws.terminate();
        reject(new Error(`client ${id}: expected OPEN, got ${data.toString().slice(0, 200)}`));
        return;
      }
      opened = true;
      resolve({ ws, openMs: performance.now() - t0 });
    });
  });
}

/**
 * Connects `count` clients with at most `concurrency` handshakes in flight; ids from `idOf(i)`.
 * Resolves with { clients, openMs[], seconds, failures }.
 */
export async function connectMany(port, count, { concurrency = 100, idOf, onMessageOf = () => null, timeoutMs } = {}) {
  const clients = new Array(count);
  const openMs = new Float64Array(count);
  let next = 0;
  let failures = 0;
  let firstError = null;
  const t0 = performance.now();
  async function worker() {
    while (next < count) {
      const i = next++;
      try {
        const { ws, openMs: ms } = await connectPeer(port, idOf(i), { onMessage: onMessageOf(i), timeoutMs });
        clients[i] = ws;
        openMs[i] = ms;
      } catch (err) {
        failures++;
        firstError ??= String(err?.message ?? err);
        openMs[i] = NaN;
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return { clients, openMs, seconds: (performance.now() - t0) / 1000, failures, firstError };
}

/** Closes sockets and waits (bounded) until every close has been observed locally. */
export async function closeAll(clients, { abruptEvery = 0, timeoutMs = 10000 } = {}) {
  const pending = [];
  clients.forEach((ws, i) => {
    if (!ws || ws.readyState === WebSocket.CLOSED) return;
    pending.push(new Promise((r) => ws.once('close', r)));
    if (abruptEvery > 0 && i % abruptEvery === 0) ws.terminate();
    else ws.close(1000);
  });
  let timer;
  await Promise.race([Promise.all(pending), new Promise((r) => (timer = setTimeout(r, timeoutMs)))]);
  clearTimeout(timer);
}
