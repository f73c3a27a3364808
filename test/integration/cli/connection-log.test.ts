/**
 * The connection log writes what clients chose (their id, even an invalid one) into the operator's
 * terminal: control characters must be escaped, so no client can forge log lines or send
 * terminal escape sequences.
 */
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { attachConnectionLog } from '../../../src/cli/log.js';
import { startServer } from '../../helpers/server.js';

describe('connection log', () => {
  it('escapes control characters in the id a refused client sent', async () => {
    const { server, port } = await startServer();
    const lines: string[] = [];
    attachConnectionLog(server, (l) => lines.push(l));
    const id = 'x\n2026-01-01T00:00:00.000Z connected    admin from 10.0.0.1\u001b[2J';
    const ws = new WebSocket(`ws://127.0.0.1:${port}/peerjs?key=peerjs&token=t&id=${encodeURIComponent(id)}`);
    await new Promise((r) => ws.once('close', r));
    await expect.poll(() => lines.length).toBe(1);
    expect(lines[0]).toMatch(/refused/);
    expect(lines[0]).toContain('\\n2026');
    // eslint-disable-next-line no-control-regex -- no control character may reach the log
    expect(lines.join('')).not.toMatch(/[\u0000-\u001f\u007f]/);
  });
});
