/**
 * Child processes of the benchmark: spawning with a raised file-descriptor limit and an IPC channel,
 * and making sure every child dies with the orchestrator (exit, Ctrl-C, SIGTERM, uncaught error).
 */
import { spawn } from 'node:child_process';

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
 * tens of thousands of sockets) with stdio [ignore, pipe|inherit, pipe|inherit, ipc]. The pid of the
 * returned ChildProcess is the node process itself (sh execs it).
 */
export function spawnNode(script, args, { nodeArgs = [], nofile = 65536, cwd, output = 'pipe', env } = {}) {
  hookExit();
  const shell = `ulimit -n ${nofile} 2>/dev/null || ulimit -n $(ulimit -Hn) 2>/dev/null; exec "$0" "$@"`;
  const child = spawn('sh', ['-c', shell, process.execPath, ...nodeArgs, script, ...args], {
    cwd,
    env: env ?? process.env,
    stdio: ['ignore', output, output, 'ipc'],
  });
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
  return child;
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
