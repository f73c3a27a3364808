/**
 * Lifecycle of a load-generator child process (bench/load-*.mjs), forked by bench/run.mjs with an IPC
 * channel: parameters in, checkpoints (the orchestrator measures the server there), a result out.
 * Every child is bounded in time (a watchdog) and exits when the orchestrator goes away.
 */
import { cpuMicros } from './proc.mjs';

/** The JSON parameters the orchestrator passed as argv[2]. */
export function params() {
  try {
    return JSON.parse(process.argv[2] ?? '{}');
  } catch (err) {
    fail(`bad parameters: ${String(err)}`);
    return {};
  }
}

let checkpointSeq = 0;
const waiting = new Map();

if (typeof process.send === 'function') {
  process.on('message', (msg) => {
    if (msg?.type === 'resume') {
      const resolve = waiting.get(msg.id);
      waiting.delete(msg.id);
      resolve?.(msg.data ?? null);
    }
  });
  process.on('disconnect', () => process.exit(3));
}

/**
 * Tells the orchestrator we reached `name` and waits until it has measured the server
 * (memory after GC, RSS); resolves with what it measured. Without an orchestrator: resolves at once.
 */
export function checkpoint(name) {
  if (typeof process.send !== 'function') return Promise.resolve(null);
  const id = ++checkpointSeq;
  return new Promise((resolve) => {
    waiting.set(id, resolve);
    process.send({ type: 'checkpoint', id, name });
  });
}

/** Ends the process if it is still running after `ms`. */
export function watchdog(ms, what) {
  const t = setTimeout(() => fail(`${what}: watchdog fired after ${ms} ms`), ms);
  t.unref();
  return t;
}

/** Sends the result (with this generator's own CPU use) and exits. */
export function finish(result) {
  const body = { type: 'result', result };
  if (typeof process.send === 'function') {
    process.send(body, () => process.exit(0));
  } else {
    console.log(JSON.stringify(result, null, 2));
    process.exit(0);
  }
}

export function fail(message) {
  if (typeof process.send === 'function') {
    process.send({ type: 'error', message }, () => process.exit(1));
    setTimeout(() => process.exit(1), 500).unref();
  } else {
    console.error(message);
    process.exit(1);
  }
}

/**
 * A measurement window: CPU of this generator (process.cpuUsage) and of the server (/proc/<pid>/stat),
 * and wall time, between `start()` and `stop()`.
 */
export class Window {
  /**
   * @param serverPid the server's pid
   * @param more.otherServerPids more instances whose CPU counts as the server's (a cluster)
   * @param more.redisPid a Redis whose CPU is reported on its own
   */
  constructor(serverPid, { otherServerPids = [], redisPid = null } = {}) {
    this.serverPids = serverPid ? [serverPid, ...otherServerPids] : [];
    this.redisPid = redisPid;
  }

  start() {
    this.t0 = performance.now();
    this.cpu0 = process.cpuUsage();
    this.each0 = this.serverPids.map((pid) => cpuMicros(pid));
    this.server0 = this.serverPids.length ? this.each0.reduce((s, us) => s + us, 0) : NaN;
    this.redis0 = this.redisPid ? cpuMicros(this.redisPid) : NaN;
  }

  stop() {
    const seconds = (performance.now() - this.t0) / 1000;
    const cpu = process.cpuUsage(this.cpu0);
    const each = this.serverPids.map((pid, i) => cpuMicros(pid) - this.each0[i]);
    const serverCpuUs = this.serverPids.length ? each.reduce((s, us) => s + us, 0) : NaN;
    const redisCpuUs = this.redisPid ? cpuMicros(this.redisPid) - this.redis0 : NaN;
    return {
      seconds,
      serverCpuUs,
      serverCpuPct: (serverCpuUs / 1e6 / seconds) * 100,
      /** Each server process's own CPU % (the instances of a cluster), in the order of the pids. */
      serverCpuPctEach: each.map((us) => (us / 1e6 / seconds) * 100),
      redisCpuPct: (redisCpuUs / 1e6 / seconds) * 100,
      loadCpuUs: cpu.user + cpu.system,
      loadSysPct: (cpu.system / 1e6 / seconds) * 100,
      loadCpuPct: ((cpu.user + cpu.system) / 1e6 / seconds) * 100,
    };
  }
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
