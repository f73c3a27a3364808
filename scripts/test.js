#!/usr/bin/env node
// `npm test`: type-check, lint, build, then run every test (unit, integration, end-to-end in Chromium).
// The whole run happens in a private network namespace with only `lo` up (as root, via unshare), so that
// WebRTC between headless pages pairs on loopback and no test can reach anything but 127.0.0.1.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/snap/bin/chromium'];
const REDIS_CANDIDATES = ['/usr/bin/redis-server', '/usr/local/bin/redis-server', '/usr/sbin/redis-server'];
const findChromium = () => process.env.CHROMIUM_PATH || CANDIDATES.find((p) => existsSync(p));
const findRedis = () => process.env.REDIS_SERVER_PATH || REDIS_CANDIDATES.find((p) => existsSync(p));

/**
 * What the tests need besides npm packages: Chromium (browser tests) and redis-server (cluster tests).
 * As root on Debian/Ubuntu, npm test installs whatever is missing with apt; otherwise it says what to install.
 */
function ensureSystemPackages() {
  const missing = [];
  if (!findChromium()) missing.push('chromium');
  if (!findRedis()) missing.push('redis-server');
  if (missing.length === 0) return;
  const canApt = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get') && existsSync('/etc/debian_version');
  if (canApt) {
    console.log(`npm test: installing ${missing.join(' and ')} with apt-get…`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    const install = update.status === 0 ? spawnSync('apt-get', ['install', '-y', '-qq', ...missing], { stdio: 'inherit', env }) : update;
    if (install.status === 0 && findChromium() && findRedis()) return;
  }
  console.error(
    `npm test needs ${missing.join(' and ')} (browser tests, cluster tests): run \`sudo apt-get install -y ${missing.join(' ')}\`` +
      ' (or set CHROMIUM_PATH / REDIS_SERVER_PATH).',
  );
  process.exit(1);
}

function run(cmd, args, extraEnv = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...extraEnv } });
  if (r.error) {
    console.error(`${cmd}: ${r.error.message}`);
    process.exit(1);
  }
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const extra = process.argv.slice(2);

if (!process.env.SWITCHBOARD_IN_NETNS) {
  ensureSystemPackages();
  const chromium = findChromium();
  run('npm', ['run', '--silent', 'typecheck']);
  run('npm', ['run', '--silent', 'lint']);
  run('npm', ['run', '--silent', 'build']);
  // As root a network namespace is enough; a normal user gets one inside a user namespace (root mapped).
  const unshare = [['--net'], ['--user', '--map-root-user', '--net']].find((flags) => spawnSync('unshare', [...flags, 'true']).status === 0);
  if (!unshare) {
    console.error('npm test runs in a private network namespace and needs `unshare --net` (root) or user namespaces.');
    process.exit(1);
  }
  run('unshare', [...unshare, 'sh', '-c', 'ip link set lo up && exec "$0" "$@"', process.execPath, process.argv[1], ...extra], {
    SWITCHBOARD_IN_NETNS: '1',
    CHROMIUM_PATH: chromium,
  });
} else {
  // Besides vitest's own report, a JSON report gives the one-line total printed last.
  const report = 'test-results/vitest.json';
  rmSync(report, { force: true });
  const r = spawnSync('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...extra], { stdio: 'inherit' });
  let summary = null;
  try {
    summary = JSON.parse(readFileSync(report, 'utf8'));
  } catch {
    // no report: vitest failed before running anything; its own output says why
  }
  if (summary) {
    const skipped = summary.numPendingTests + summary.numTodoTests;
    console.log(`tests: ${summary.numPassedTests} passed, ${summary.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ''}`);
  }
  process.exit(r.status ?? 1);
}
