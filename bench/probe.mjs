/**
 * Preload for every server under test: `node --expose-gc --import bench/probe.mjs <server script> ...`.
 *
 * It answers the benchmark orchestrator over the IPC channel (fd 3, set up by child_process.spawn with
 * 'ipc' in stdio) without changing the server's own code:
 *   { type: 'probe', id, op: 'memory' }  → { type: 'probe-reply', id, memory } (after two full GCs)
 *   { type: 'probe', id, op: 'settled' } → { type: 'probe-reply', id, memory } (after a memory-reducing GC)
 *   { type: 'probe', id, op: 'ping' }    → { type: 'probe-reply', id, pid }
 *   { type: 'probe', id, op: 'snapshot', file } → { type: 'probe-reply', id, file } (a .heapsnapshot, after GC)
 * The channel is unref'd so it never keeps a server alive, and when the orchestrator goes away (the
 * channel closes) the server exits: no orphaned servers even if the orchestrator is killed with SIGKILL.
 */
import { setImmediate as tick } from 'node:timers/promises';
import { getHeapSpaceStatistics, writeHeapSnapshot } from 'node:v8';

async function memoryAfterGc() {
  const gc = globalThis.gc;
  if (typeof gc === 'function') {
    // Two passes with a turn of the event loop between: weak callbacks and finalizers run in between.
    gc();
    await tick();
    gc();
  }
  const m = process.memoryUsage();
  return {
    gc: typeof gc === 'function',
    rss: m.rss,
    heapUsed: m.heapUsed,
    heapTotal: m.heapTotal,
    external: m.external,
    arrayBuffers: m.arrayBuffers,
    spaces: Object.fromEntries(getHeapSpaceStatistics().map((s) => [s.space_name, { size: s.space_size, used: s.space_used_size }])),
  };
}

/**
 * A memory-reducing GC, as V8 does under memory pressure or when its memory reducer finds the process
 * idle: it also gives back the pages of a young generation that grew during a burst of allocation.
 */
async function settledMemory() {
  const gc = globalThis.gc;
  if (typeof gc === 'function') {
    try {
      gc({ type: 'major', execution: 'sync', flavor: 'last-resort' });
    } catch {
      gc();
    }
    await tick();
  }
  const m = process.memoryUsage();
  return { rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal };
}

if (typeof process.send === 'function') {
  process.on('message', (msg) => {
    if (msg === null || typeof msg !== 'object' || msg.type !== 'probe') return;
    const reply = (body) => {
      try {
        process.send({ type: 'probe-reply', id: msg.id, ...body });
      } catch {
        // channel gone: the disconnect handler below ends the process
      }
    };
    if (msg.op === 'memory') {
      memoryAfterGc().then(
        (memory) => reply({ memory }),
        (err) => reply({ error: String(err) }),
      );
    } else if (msg.op === 'settled') {
      settledMemory().then(
        (memory) => reply({ memory }),
        (err) => reply({ error: String(err) }),
      );
    } else if (msg.op === 'snapshot' && typeof msg.file === 'string') {
      memoryAfterGc().then(
        () => reply({ file: writeHeapSnapshot(msg.file) }),
        (err) => reply({ error: String(err) }),
      );
    } else if (msg.op === 'ping') {
      reply({ pid: process.pid });
    } else {
      reply({ error: `unknown probe op ${String(msg.op)}` });
    }
  });
  process.on('disconnect', () => process.exit(0));
  // Adding the 'message' listener ref'd the channel; unref it so the probe never keeps a server alive.
  process.channel?.unref();
}
