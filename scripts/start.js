#!/usr/bin/env node
// `npm start`: build, then launch the Electron app. When Electron cannot run here (binary not installed,
// no display, or it fails to start), say so in one line and run the headless CLI instead, with the same
// arguments: the dashboard is then served on http://127.0.0.1 (URL with its token printed below).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const require = createRequire(import.meta.url);

const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
if (build.error || build.status !== 0) {
  console.error(`npm start: the build failed${build.error ? ` (${build.error.message})` : ''}.`);
  process.exit(build.status || 1);
}

/**
 * The Electron binary, or the reason it cannot be used here. `require('electron')` returns the binary's
 * path, and (Electron 45) downloads the binary on first use. That download runs in a child process so
 * its output stays out of the way; ELECTRON_SKIP_BINARY_DOWNLOAD=1 means "do not even try".
 */
function findElectron() {
  let dir;
  try {
    dir = dirname(require.resolve('electron/package.json'));
  } catch {
    return { reason: 'the electron package is not installed' };
  }
  const pathFile = join(dir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  let binary = null;
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) binary = join(process.env.ELECTRON_OVERRIDE_DIST_PATH, relative || 'electron');
  else if (relative && existsSync(join(dir, 'dist', relative))) binary = join(dir, 'dist', relative);
  // No display: nothing to download for, and nothing Electron could show.
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return { reason: 'no display: DISPLAY and WAYLAND_DISPLAY are unset' };
  }
  if (!binary || !existsSync(binary)) {
    const skip = process.env.ELECTRON_SKIP_BINARY_DOWNLOAD;
    if (skip && skip !== '0' && skip !== 'false') return { reason: 'the Electron binary is not installed and ELECTRON_SKIP_BINARY_DOWNLOAD is set' };
    console.log('Downloading the Electron binary (first start only)…');
    const got = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(require("electron")))'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      encoding: 'utf8',
      timeout: 10 * 60_000,
    });
    binary = got.status === 0 ? got.stdout.trim() : null;
    if (!binary || !existsSync(binary)) return { reason: 'the Electron binary is not installed and could not be downloaded' };
  }
  return { binary };
}

function optionValue(name, fallback) {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === `--${name}` && argv[i + 1] !== undefined) return argv[i + 1];
    if (a.startsWith(`--${name}=`)) return a.slice(name.length + 3);
  }
  return fallback;
}

function forwardSignals(child) {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
}

function runHeadless(reason) {
  const host = optionValue('admin_host', '127.0.0.1');
  const port = optionValue('admin_port', '9001');
  const where = port === '0' ? `http://${host.includes(':') ? `[${host}]` : host} on a free port` : `http://${host.includes(':') ? `[${host}]` : host}:${port}/`;
  console.log(`Electron is not available here (${reason}); running headless — dashboard at ${where} (full URL with its token below)`);
  // The same V8 flag as bin/switchboard.js's shebang (spawning node directly skips the shebang).
  const child = spawn(process.execPath, ['--max-semi-space-size=4', '--initial-old-space-size=64', join(root, 'bin', 'switchboard.js'), ...argv], { cwd: root, stdio: 'inherit' });
  forwardSignals(child);
  child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 1)));
}

const found = findElectron();
if (!found.binary) {
  runHeadless(found.reason);
} else {
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  const started = Date.now();
  const child = spawn(found.binary, [root, ...argv], { cwd: root, stdio: 'inherit', env });
  forwardSignals(child);
  let fellBack = false;
  child.on('error', (err) => {
    fellBack = true;
    runHeadless(`Electron could not be started: ${err.message}`);
  });
  child.on('exit', (code, signal) => {
    if (fellBack) return;
    // A crash right at launch (missing system libraries, no GPU/display access): fall back.
    if (code !== 0 && !signal && Date.now() - started < 5000) {
      fellBack = true;
      runHeadless(`Electron exited with code ${code} at launch`);
      return;
    }
    process.exit(signal ? 1 : (code ?? 0));
  });
}
