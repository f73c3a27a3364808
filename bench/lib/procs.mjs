/**
 * Child processes of the benchmark: spawning with a raised file-descriptor limit and an IPC channel,
 * and making sure every child dies with the orchestrator (exit, Ctrl-C, SIGTERM, uncaught error).
 */
import { spawn } from 'node:child_process';
import { closeSync, openSync, readSync } from 'node:fs';

const live = new Set();
let hooked = false;

function killAll(signal) {
  for (const child of live) {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  }
}

function hookExit() {
  if (hooked) return;
  hooked = true;
  process.on('exit', () => killAll('SIGKILL'));
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(sig, () => {
      console.error(`\nbench: ${sig}, stopping ${live.size} child process(es)`);
      killAll('SIGKILL');
      process.exit(130);
    });
  }
}

/**
 * Spawns `node <nodeArgs> <script> <args>` through `sh -c 'ulimit -n N; exec …'` (so the child may hold
 * tens of thousands of sockets) with stdio [ignore, out, out, ipc], where out is a pipe, or the file
 * `logFile` (the servers: writing their per-connection log lines to a file costs them what it costs in
 * production, not the wake-ups of a pipe reader). The pid of the returned ChildProcess is the node
 * process itself (sh execs it). `child.output()` returns what it printed (bounded).
 */
export function spawnNode(script, args, { nodeArgs = [], nofile = 65536, cwd, env, logFile = null } = {}) {
  hookExit();
  const shell = `ulimit -n ${nofile} 2>/dev/null || ulimit -n $(ulimit -Hn) 2>/dev/null; exec "$0" "$@"`;
  const fd = logFile === null ? null : openSync(logFile, 'w');
  const out = fd === null ? 'pipe' : fd;
  const child = spawn('sh', ['-c', shell, process.execPath, ...nodeArgs, script, ...args], {
    cwd,
    env: env ?? process.env,
    stdio: ['ignore', out, out, 'ipc'],
  });
  if (fd !== null) closeSync(fd);
  live.add(child);
  child.once('exit', () => live.delete(child));
  // Keep a bounded tail of the output for error messages; never let a full pipe block the child.
  child.head = '';
  child.tail = '';
  const keep = (chunk) => {
    if (child.head.length < 16384) child.head += chunk.toString().slice(0, 16384 - child.head.length);
    child.tail = (child.tail + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  child.output = () => (logFile === null ? child.head + child.tail : readHead(logFile, 16384));
  return child;
}

function readHead(file, max) {
  try {
    const fd = openSync(file, 'r');
    try {
      const buf = Buffer.alloc(max);
      return buf.toString('utf8', 0, readSync(fd, buf, 0, max, 0));
    } finally {
      closeSync(fd);
    }
  } catch {
    return '';
  }
}

/** Resolves when the child exits (or after `ms`, then SIGKILLs it). */
export function waitExit(child, ms) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
    }, ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves when the child is gone. */
export async function stopChild(child, graceMs = 5000) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  await waitExit(child, graceMs);
}
