/** Command-line helpers shared by bench/run.mjs and bench/attack.mjs. */
import { parseArgs } from 'node:util';

/**
 * Parses `argv` with `spec` (node:util parseArgs, strict); prints `help` and exits 0 on --help.
 * Returns the values and `int(name, fallback, lo, hi)`, which reads an integer flag or exits 2 with a message.
 */
export function parseOptions(prog, spec, help) {
  const { values } = parseArgs({ options: { ...spec, help: { type: 'boolean', default: false } }, strict: true });
  if (values.help) {
    process.stdout.write(help);
    process.exit(0);
  }
  const int = (name, fallback, lo, hi) => {
    const v = values[name];
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!Number.isInteger(n) || n < lo || n > hi) {
      console.error(`${prog}: --${name} must be an integer from ${lo} to ${hi}, got ${v}`);
      process.exit(2);
    }
    return n;
  };
  return { values, int };
}
