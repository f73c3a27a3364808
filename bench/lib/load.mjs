/** Runs one load-generator child (bench/load-*.mjs) and serves its checkpoints. */
import path from 'node:path';
import { spawnNode, stopChild } from './procs.mjs';
import { ROOT } from './servers.mjs';

/**
 * Runs `bench/<script>` with `params` (JSON in argv[2]). At each checkpoint, `onCheckpoint(name)` runs
 * (e.g. measures the server) and its value is sent back to the child. Resolves with
 * { result, checkpoints: { [name]: value } }; rejects on the child's error, an early exit or `timeoutMs`.
 */
export function runLoad(script, params, { onCheckpoint = async () => null, timeoutMs = 120000 } = {}) {
  const child = spawnNode(path.resolve(ROOT, 'bench', script), [JSON.stringify(params)], { cwd: ROOT });
  const checkpoints = {};
  return new Promise((resolve, reject) => {
    let done = false;
    const end = (fn, value) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      stopChild(child, 2000).then(() => fn(value));
    };
    const timer = setTimeout(() => end(reject, new Error(`${script}: no result within ${timeoutMs} ms`)), timeoutMs);
    child.on('message', (msg) => {
      if (msg?.type === 'checkpoint') {
        Promise.resolve()
          .then(() => onCheckpoint(msg.name))
          .then(
            (data) => {
              checkpoints[msg.name] = data;
              if (child.connected) child.send({ type: 'resume', id: msg.id, data });
            },
            (err) => end(reject, err),
          );
      } else if (msg?.type === 'result') {
        end(resolve, { result: msg.result, checkpoints });
      } else if (msg?.type === 'error') {
        end(reject, new Error(msg.message));
      }
    });
    child.once('exit', (code, signal) => {
      // Give IPC messages still in flight a moment to arrive before calling it a failure.
      setTimeout(() => {
        end(reject, new Error(`${script} exited (code ${code}, signal ${signal}) without a result: ${child.tail.trim()}`));
      }, 500);
    });
  });
}
