import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../helpers/server.js';

let dir = '';
let ssl = { key: '', cert: '' };

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'switchboard-tls-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
  ssl = { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') };
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('TLS (sslkey/sslcert)', () => {
  it('serves https routes and wss signaling', async () => {
    const { port } = await startServer({ ssl });
    const ws = new WebSocket(`wss://127.0.0.1:${port}/peerjs?key=peerjs&id=alice&token=t`, { rejectUnauthorized: false });
    const first = await new Promise<string>((resolve, reject) => {
      ws.once('message', (d) => resolve(d.toString()));
      ws.once('error', reject);
    });
    expect(JSON.parse(first)).toEqual({ type: 'OPEN' });
    ws.close();
    const plain = await fetch(`http://127.0.0.1:${port}/`).then(
      () => 'answered',
      () => 'refused',
    );
    expect(plain).toBe('refused');
  });
});
