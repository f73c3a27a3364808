/** hold-reads.ts: a paused socket whose reads are held takes nothing more from the kernel until released. */
import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';
import { holdReads, releaseReads } from '../../../src/core/hold-reads.js';

const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const fn of cleanup.splice(0)) fn();
});

/** A connected pair on 127.0.0.1: `server` is the accepted socket. */
async function pair(): Promise<{ server: net.Socket; client: net.Socket }> {
  const listener = net.createServer();
  listener.listen(0, '127.0.0.1');
  await once(listener, 'listening');
  const { port } = listener.address() as net.AddressInfo;
  const accepted = once(listener, 'connection');
  const client = net.connect(port, '127.0.0.1');
  const [server] = (await accepted) as [net.Socket];
  cleanup.push(() => {
    client.destroy();
    server.destroy();
    listener.close();
  });
  return { server, client };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('holdReads', () => {
  it.each([
    ['pause() alone buffers a read', false],
    ['pause() + holdReads() leaves the bytes in the kernel', true],
  ])('%s', async (_name, hold) => {
    const { server, client } = await pair();
    let received = 0;
    server.on('data', (chunk: Buffer) => {
      received += chunk.length;
    });
    server.pause();
    if (hold) holdReads(server);
    client.write(Buffer.alloc(200_000, 1));
    await sleep(150);
    expect(received).toBe(0);
    if (hold) expect(server.readableLength).toBe(0);
    else expect(server.readableLength).toBeGreaterThan(0);
    releaseReads(server);
    server.resume();
    for (let i = 0; i < 100 && received < 200_000; i++) await sleep(10);
    expect(received).toBe(200_000);
  });

  it('is harmless on a socket that is not reading or has no handle', async () => {
    const { server } = await pair();
    holdReads(server);
    holdReads(server); // twice: still one stop
    releaseReads(server);
    releaseReads(server);
    server.destroy();
    holdReads(server);
    releaseReads(server);
    const { PassThrough } = await import('node:stream');
    const plain = new PassThrough();
    holdReads(plain);
    releaseReads(plain);
  });
});

describe('holdReads on a TLS socket (wss)', () => {
  it('holds and releases the reads of the TLS layer', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hold-reads-'));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
    const listener = tls.createServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) });
    listener.listen(0, '127.0.0.1');
    await once(listener, 'listening');
    const accepted = once(listener, 'secureConnection');
    const client = tls.connect({ port: (listener.address() as net.AddressInfo).port, host: '127.0.0.1', rejectUnauthorized: false });
    await once(client, 'secureConnect');
    const [server] = (await accepted) as [tls.TLSSocket];
    cleanup.push(() => {
      client.destroy();
      server.destroy();
      listener.close();
    });
    let received = 0;
    server.on('data', (chunk: Buffer) => {
      received += chunk.length;
    });
    for (const size of [300_000, 100_000]) {
      const want = received + size;
      server.pause();
      holdReads(server);
      client.write(Buffer.alloc(size, 1));
      await sleep(150);
      expect(server.readableLength).toBe(0);
      expect(received).toBe(want - size);
      releaseReads(server);
      server.resume();
      for (let i = 0; i < 100 && received < want; i++) await sleep(10);
      expect(received).toBe(want);
    }
  });
});
