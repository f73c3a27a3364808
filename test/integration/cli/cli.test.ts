/** The built `switchboard` command, as a user runs it (npm test builds it first). */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { connectOpen } from '../../helpers/ws-client.js';
import { freePort } from '../../helpers/net.js';

const BIN = fileURLToPath(new URL('../../../bin/switchboard.js', import.meta.url));
const children: ChildProcess[] = [];

afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});

/** The CLI keeps its dashboard token in its settings folder: a private one for these tests. */
const CONFIG_DIR = mkdtempSync(join(tmpdir(), 'sb-cli-config-'));
afterAll(() => rmSync(CONFIG_DIR, { recursive: true, force: true }));

function start(args: string[], configDir = CONFIG_DIR): { child: ChildProcess; output: () => string; waitFor: (re: RegExp) => Promise<void>; exit: Promise<number | null> } {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, SWITCHBOARD_CONFIG_DIR: configDir } });
  children.push(child);
  let out = '';
  const waiters = new Set<() => void>();
  const onData = (d: Buffer) => {
    out += d.toString();
    for (const w of [...waiters]) w();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exit = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return {
    child,
    output: () => out,
    exit,
    waitFor: (re) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out waiting for ${re}; output:\n${out}`)), 10_000);
        const check = () => {
          if (re.test(out)) {
            clearTimeout(timer);
            waiters.delete(check);
            resolve();
          }
        };
        waiters.add(check);
        check();
      }),
  };
}

describe('switchboard CLI', () => {
  it('--help lists the flags and exits 0', () => {
    const r = spawnSync(process.execPath, [BIN, '--help'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/--expire_timeout/);
    expect(r.stdout).toMatch(/--max_payload/);
  });

  it.each([[['--bogus']], [['--port', 'x']], [['--sslcert', 'c.pem']]])('%j: a clear message and exit code 2', (args) => {
    const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^switchboard: /);
  });

  it('serves PeerJS clients, prints addresses and a snippet, logs connections, stops on SIGTERM', async () => {
    const port = await freePort();
    const cli = start(['--port', String(port), '--host', '127.0.0.1', '--key', '12345', '--no-dashboard']);
    await cli.waitFor(/Press Ctrl\+C/);
    expect(cli.output()).toContain(`http://127.0.0.1:${port}/`);
    expect(cli.output()).toMatch(/new Peer\(\{ host: "127\.0\.0\.1", port: \d+, path: "\/", key: "12345", config: \{ iceServers: \[\] \} \}\)/);
    const a = await connectOpen(port, { id: 'alice', key: '12345' });
    await cli.waitFor(/connected\s+alice from 127\.0\.0\.1/);
    await a.close();
    await cli.waitFor(/disconnected alice \(client\)/);
    cli.child.kill('SIGTERM');
    expect(await cli.exit).toBe(0);
    expect(cli.output()).toMatch(/Stopped\./);
  });

  it('serves the dashboard on 127.0.0.1 with a token in its URL; no token, 401', async () => {
    const port = await freePort();
    const cli = start(['--port', String(port), '--host', '127.0.0.1', '--admin_port', '0']);
    await cli.waitFor(/Press Ctrl\+C/);
    const url = /Dashboard: (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(cli.output())?.[1];
    expect(url, cli.output()).toBeDefined();
    const page = await fetch(url as string);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<html/i);
    const origin = new URL(url as string).origin;
    expect((await fetch(`${origin}/`)).status).toBe(401);
    expect((await fetch(`${origin}/?token=wrong`)).status).toBe(401);
    cli.child.kill('SIGINT');
    expect(await cli.exit).toBe(0);
  });

  it('keeps the dashboard token across restarts in its settings folder (a bookmark keeps working)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-token-'));
    try {
      const tokens: string[] = [];
      for (let i = 0; i < 2; i++) {
        const cli = start(['--port', '0', '--host', '127.0.0.1', '--admin_port', '0'], dir);
        await cli.waitFor(/Press Ctrl\+C/);
        const url = /Dashboard: (\S+\?token=(\S+))/.exec(cli.output());
        tokens.push(url?.[2] ?? '');
        // The first start's address (a bookmark) opens the dashboard after the restart too.
        if (i === 1) expect((await fetch(`${new URL(url?.[1] ?? '').origin}/?token=${tokens[0]}`)).status).toBe(200);
        else await fetch(url?.[1] ?? '');
        cli.child.kill('SIGINT');
        expect(await cli.exit).toBe(0);
      }
      expect(tokens[0]).toMatch(/^[A-Za-z0-9_-]{32}$/);
      expect(tokens[1]).toBe(tokens[0]);
      expect(readFileSync(join(dir, 'dashboard-token'), 'utf8').trim()).toBe(tokens[0]);
      if (process.platform !== 'win32') expect(statSync(join(dir, 'dashboard-token')).mode & 0o777).toBe(0o600);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('port in use: a clear message and exit code 1', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as { port: number }).port;
    const cli = start(['--port', String(port), '--host', '127.0.0.1', '--no-dashboard']);
    expect(await cli.exit).toBe(1);
    expect(cli.output()).toMatch(new RegExp(`Port ${port} is already in use`));
    await new Promise((r) => blocker.close(r));
  });
});
