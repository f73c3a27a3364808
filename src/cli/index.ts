#!/usr/bin/env node
/** `switchboard` command: runs until SIGINT/SIGTERM, then stops cleanly. */
import { installLastResort } from './last-resort.js';
import { runCli } from './main.js';

const result = await runCli(process.argv.slice(2), process.env);
if (typeof result === 'number') {
  process.exitCode = result;
} else {
  // Serving: nothing a client sends may end the process. Log anything uncaught and keep serving.
  installLastResort((line) => console.error(line));
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping…`);
    result.stop().then(
      () => {
        console.log('Stopped.');
        process.exit(0);
      },
      (err: unknown) => {
        console.error(`switchboard: error while stopping: ${String(err)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}
