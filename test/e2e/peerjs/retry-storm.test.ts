/**
 * The retry storm with the real PeerJS client (issue: "never cut off a real PeerJS client"): a page dials an
 * id that is not online yet 60 times, 50 ms apart, as apps do while polling for a host. Every dial queues an
 * OFFER and its CANDIDATEs for the absent id; the queue caps must never turn into an ERROR frame (which the
 * client treats as fatal: 'server-error', then 'disconnected'). Afterwards the id registers and the same Peer
 * opens a DataConnection to it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRig, uniqueId, type Rig } from './setup.js';

describe('PeerJS client in Chromium: dialling an absent id over and over', () => {
  let rig: Rig;

  beforeAll(async () => {
    // The default limits (max_queue 100, expire_timeout 5000): the storm outlasts neither the queue nor expiry.
    rig = await startRig({});
  }, 60_000);

  afterAll(async () => {
    await rig?.close();
  }, 30_000);

  it('60 dials at 50 ms: the Peer stays connected, gets no ERROR, and reaches the id once it registers', async () => {
    const student = await rig.pageA.openPeer('student', null);
    if (!student.ok) throw new Error(`student did not open: ${JSON.stringify(student)}; ${await rig.pageA.diagnostics()}`);
    const teacherId = uniqueId('teacher');

    const storm = await rig.pageA.storm('student', teacherId, 60, 50);
    const diag = await rig.pageA.diagnostics();
    expect(storm.dials).toBe(60);
    expect(storm.refusedDials, diag).toBe(0);
    expect(storm.disconnected, diag).toBe(false);
    // peer-unavailable (an EXPIRE) is allowed: it concerns that destination only. Nothing fatal is.
    expect(storm.errorTypes.filter((t) => t !== 'peer-unavailable'), diag).toEqual([]);
    expect(rig.frames.out.filter((f) => f.peer === student.id && f.type === 'ERROR')).toEqual([]);
    // The storm did reach the server's queue caps (so this is the case that used to be answered with ERROR).
    const queuedIn = rig.frames.in.filter((f) => f.peer === student.id && f.dst === teacherId && f.type !== 'HEARTBEAT').length;
    expect(queuedIn, 'frames the student sent to the absent id').toBeGreaterThan(rig.server.options.max_queue);
    expect(await rig.pageA.state('student')).toMatchObject({ open: true, disconnected: false, destroyed: false });
    expect(rig.server.peers().map((p) => p.id)).toContain(student.id);
    // Server memory stays bounded: at most the per-id cap is waiting for the absent id.
    expect(rig.server.stats().queued).toBeLessThanOrEqual(rig.server.options.max_queue);

    const teacher = await rig.pageB.openPeer('teacher', teacherId);
    if (!teacher.ok) throw new Error(`teacher did not open: ${JSON.stringify(teacher)}; ${await rig.pageB.diagnostics()}`);
    const dialled = await rig.pageA.connect('student', teacherId);
    expect(dialled, await rig.pageA.diagnostics()).toEqual({ ok: true, peer: teacherId });
    expect(rig.frames.out.filter((f) => f.peer === student.id && f.type === 'ERROR')).toEqual([]);
  }, 60_000);
});
