/**
 * The servers under test, each started as its own process on 127.0.0.1 with a free port, preloaded with
 * bench/probe.mjs (heap after GC over IPC) and `--expose-gc`.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { rssBytes } from './proc.mjs';
import { spawnNode, stopChild } from './procs.mjs';

export const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const PROBE = pathToFileURL(path.join(ROOT, 'bench', 'probe.mjs')).href;

/** Flags every server gets: same limits everywhere so the comparison is fair. */
const COMMON = (port) => ['--port', String(port), '--host', '127.0.0.1', '--concurrent_limit', '100000'];

export const SERVERS = {
  A: {
    key: 'A',
    name: 'switchboard',
    script: 'bin/switchboard.js',
    args: (port, extra = []) => [...COMMON(port), ...extra],
  },
  B: {
    key: 'B',
    name: 'peer 1.0.2',
    script: 'node_modules/peer/dist/bin/peerjs.js',
    args: (port) => COMMON(port),
  },
  C: {
    key: 'C',
    name: 'ws baseline',
    script: 'bench/baseline-server.mjs',
    args: (port) => COMMON(port),
  },
};

/**
 * A0: Switchboard built from another checkout (BENCH_BASELINE=<its directory>), for before/after
 * comparisons of a change run side by side (`--servers A,A0`).
 */
if (process.env.BENCH_BASELINE) {
  SERVERS.A0 = {
    key: 'A0',
    name: `switchboard before (${path.basename(process.env.BENCH_BASELINE)})`,
    script: path.join(path.resolve(process.env.BENCH_BASELINE), 'bin', 'switchboard.js'),
    args: (port, extra = []) => [...COMMON(port), ...extra],
  };
}

/**
 * Node flags a server's launcher asks for in its shebang (`#!/usr/bin/env -S node --flag ...`), so each
 * server runs with the flags it ships with, as `switchboard` / `peerjs` on the PATH would.
 */
export function shebangNodeFlags(script) {
  const first = readFileSync(path.resolve(ROOT, script), 'utf8').split('\n', 1)[0];
  const m = /^#!\s*\S*env\s+(?:-S\s+)?node((?:\s+--?[\w-]+(?:=\S+)?)*)\s*$/.exec(first);
  return m ? m[1].trim().split(/\s+/).filter(Boolean) : [];
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function canConnect(port) {
  return new Promise((resolve) => {
    const s = net.connect({ port, host: '127.0.0.1' });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

/** A running server under test. */
export class ServerProcess {
  constructor(def, child, port) {
    this.def = def;
    this.child = child;
    this.port = port;
    this.pid = child.pid;
    this.probeSeq = 0;
    this.pending = new Map();
    child.on('message', (msg) => {
      if (msg?.type !== 'probe-reply') return;
      const p = this.pending.get(msg.id);
      this.pending.delete(msg.id);
      p?.(msg);
    });
  }

  probe(op, timeoutMs = 15000, extra = {}) {
    const id = ++this.probeSeq;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${this.def.name}: probe ${op} timed out`));
      }, timeoutMs);
      this.pending.set(id, (msg) => {
        clearTimeout(timer);
        if (msg.error) reject(new Error(`${this.def.name}: probe ${op}: ${msg.error}`));
        else resolve(msg);
      });
      this.child.send({ type: 'probe', id, op, ...extra });
    });
  }

  /**
   * JS heap after GC (from the probe) and RSS (from /proc/<pid>/status, read after the GC); then the
   * same after a memory-reducing GC (`settled`: what the process converges to when left idle).
   */
  async memory() {
    const { memory } = await this.probe('memory');
    const vmRss = rssBytes(this.pid);
    const settled = (await this.probe('settled')).memory;
    return { ...memory, vmRss, settled: { ...settled, vmRss: rssBytes(this.pid) } };
  }

  /** What the server printed so far (its log file's first 16 KiB). */
  output() {
    return this.child.output();
  }

  alive() {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  async stop() {
    await stopChild(this.child, 5000);
  }
}

/**
 * Starts server `def` on a free port; resolves once it accepts TCP connections and its probe answers.
 * `extraArgs` go to the server's CLI, `nodeArgs` to node (e.g. --cpu-prof).
 */
export async function startServer(def, { extraArgs = [], nodeArgs = [], timeoutMs = 20000 } = {}) {
  const port = await freePort();
  const logDir = path.join(ROOT, 'bench', '.results', 'logs');
  mkdirSync(logDir, { recursive: true });
  const child = spawnNode(path.resolve(ROOT, def.script), def.args(port, extraArgs), {
    cwd: ROOT,
    nodeArgs: [...shebangNodeFlags(def.script), '--expose-gc', '--import', PROBE, ...nodeArgs],
    logFile: path.join(logDir, `${def.key}.log`),
  });
  const server = new ServerProcess(def, child, port);
  const deadline = Date.now() + timeoutMs;
  while (!(await canConnect(port))) {
    if (!server.alive()) {
      throw new Error(`${def.name} exited during start (code ${child.exitCode}): ${server.output().slice(-1000).trim()}`);
    }
    if (Date.now() > deadline) {
      await server.stop();
      throw new Error(`${def.name} did not listen on ${port} within ${timeoutMs} ms: ${server.output().slice(-1000).trim()}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const { pid } = await server.probe('ping');
  if (pid !== child.pid) throw new Error(`${def.name}: probe pid ${pid} is not the server pid ${child.pid}`);
  return server;
}
