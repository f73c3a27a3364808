import { describe, expect, it } from 'vitest';
import { HEARTBEAT_TEXT, isPlainHeartbeat, isValidId, parseClientFrame, relayText, srcSuffixFor, type ParsedFrame } from '../../../src/core/protocol.js';
import { exceedsDepth, MAX_FRAME_DEPTH } from '../../../src/core/depth.js';

describe('isValidId (the PeerJS client rule)', () => {
  it.each(['a', 'abc123', 'a-b_c d', '6481452f-2c1d-4bf3-91b3-58d3c92080f0', 'x'.repeat(128)])('accepts %s', (id) => {
    expect(isValidId(id)).toBe(true);
  });
  it.each(['', '-a', 'a-', 'a--b', 'a b ', ' a', 'a/b', 'é', 'a\nb', '<script>', 'x'.repeat(129)])('rejects %j', (id) => {
    expect(isValidId(id)).toBe(false);
  });
});

describe('parseClientFrame', () => {
  it('reads a relay message', () => {
    const f = parseClientFrame('{"type":"OFFER","dst":"b","payload":{"sdp":1}}');
    expect(f).toMatchObject({ ok: true, type: 'OFFER', dst: 'b', hasSrc: false });
  });
  it('reads HEARTBEAT without dst', () => {
    expect(parseClientFrame('{"type":"HEARTBEAT"}')).toMatchObject({ ok: true, type: 'HEARTBEAT', dst: null });
  });
  it('reads LEAVE without dst', () => {
    expect(parseClientFrame('{"type":"LEAVE"}')).toMatchObject({ ok: true, type: 'LEAVE', dst: null });
  });
  it.each([
    ['not json', 'not-json'],
    ['null', 'not-object'],
    ['42', 'not-object'],
    ['"OFFER"', 'not-object'],
    ['[{"type":"OFFER"}]', 'not-object'],
    ['{}', 'no-type'],
    ['{"type":5}', 'no-type'],
    ['{"type":"BOGUS","dst":"b"}', 'unknown-type'],
    ['{"type":"OPEN","dst":"b"}', 'unknown-type'],
    ['{"type":"ERROR","dst":"b"}', 'unknown-type'],
    ['{"type":"OFFER"}', 'bad-dst'],
    ['{"type":"OFFER","dst":7}', 'bad-dst'],
    ['{"type":"CANDIDATE","dst":""}', 'bad-dst'],
    ['{"type":"LEAVE","dst":null}', 'bad-dst'],
    [`{"type":"OFFER","dst":"b","payload":${'['.repeat(64)}${']'.repeat(64)}}`, 'too-deep'],
    [`{"type":"OFFER","dst":"b","src":"x","payload":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}`, 'too-deep'],
    [`${'['.repeat(100_000)}${']'.repeat(100_000)}`, 'not-object'],
    [`{"a":${'['.repeat(100_000)}`, 'not-json'],
  ])('rejects %s as %s with a message', (text, code) => {
    const f = parseClientFrame(text);
    expect(f.ok).toBe(false);
    if (!f.ok) {
      expect(f.code).toBe(code);
      expect(f.msg).toMatch(/^Invalid message: /);
    }
  });
});

describe('nesting depth', () => {
  it('accepts MAX_FRAME_DEPTH levels exactly (the frame itself is level 1), refuses one more', () => {
    const nested = (levels: number) => `{"type":"OFFER","dst":"b","payload":${'['.repeat(levels - 1)}${']'.repeat(levels - 1)}}`;
    expect(parseClientFrame(nested(MAX_FRAME_DEPTH)).ok).toBe(true);
    expect(parseClientFrame(nested(MAX_FRAME_DEPTH + 1))).toMatchObject({ ok: false, code: 'too-deep' });
  });
  it('exceedsDepth walks wide values without recursion and stops early', () => {
    expect(exceedsDepth(1, 0)).toBe(false);
    expect(exceedsDepth({}, 1)).toBe(false);
    expect(exceedsDepth({}, 0)).toBe(true);
    expect(exceedsDepth({ a: [{ b: {} }] }, 4)).toBe(false);
    expect(exceedsDepth({ a: [{ b: {} }] }, 3)).toBe(true);
    expect(exceedsDepth(Array.from({ length: 10_000 }, () => ({ x: [1] })), 3)).toBe(false);
    let deep: unknown = 0;
    for (let i = 0; i < 200_000; i += 1) deep = [deep];
    expect(exceedsDepth(deep, 64)).toBe(true);
  });
});

describe('relayText: src is always the sender', () => {
  const relay = (text: string, id = 'alice') => {
    const f = parseClientFrame(text) as ParsedFrame;
    expect(f.ok).toBe(true);
    return JSON.parse(relayText(text, f, srcSuffixFor(id), id)) as Record<string, unknown>;
  };
  it('splices src into the text and keeps every field', () => {
    expect(relay('{"type":"OFFER","payload":{"a":[1,2]},"dst":"bob"}')).toEqual({ type: 'OFFER', payload: { a: [1, 2] }, dst: 'bob', src: 'alice' });
  });
  it('keeps trailing whitespace harmless', () => {
    expect(relay('  {"type":"ANSWER","dst":"bob"}  \n')).toEqual({ type: 'ANSWER', dst: 'bob', src: 'alice' });
  });
  it('a client-supplied src never wins', () => {
    expect(relay('{"type":"OFFER","src":"mallory","dst":"bob"}').src).toBe('alice');
    expect(relay('{"src":"mallory","type":"OFFER","dst":"bob","src":"eve"}').src).toBe('alice');
  });
  it('a nested src stays in the payload', () => {
    expect(relay('{"type":"OFFER","dst":"bob","payload":{"src":"x"}}')).toEqual({ type: 'OFFER', dst: 'bob', payload: { src: 'x' }, src: 'alice' });
  });
  it('ids that need escaping are escaped', () => {
    expect(relay('{"type":"OFFER","dst":"bob"}', 'a"b\\c').src).toBe('a"b\\c');
  });
});

describe('isPlainHeartbeat: the fast path takes only the exact PeerJS HEARTBEAT', () => {
  it('is true for the bytes PeerJS sends, and that text parses as a HEARTBEAT', () => {
    expect(HEARTBEAT_TEXT).toBe('{"type":"HEARTBEAT"}');
    expect(isPlainHeartbeat(Buffer.from(HEARTBEAT_TEXT))).toBe(true);
    expect(parseClientFrame(HEARTBEAT_TEXT)).toMatchObject({ ok: true, type: 'HEARTBEAT', dst: null });
  });

  it.each([
    '{ "type":"HEARTBEAT"}',
    '{"type":"HEARTBEAT"} ',
    '{"type":"HEARTBEAT","dst":"bob"}',
    '{"type":"HEARTBEAt"}',
    '{"type":"HEARTBEAT"',
    '{"type":"OFFER","dst":"x"}',
    '',
  ])('is false for %j (left to the parser)', (text) => {
    expect(isPlainHeartbeat(Buffer.from(text))).toBe(false);
  });
});
