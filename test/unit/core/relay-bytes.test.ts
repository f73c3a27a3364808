import { describe, expect, it } from 'vitest';
import { parseClientFrame, relayBytes, relayText, srcSuffixFor, type ParsedFrame } from '../../../src/core/protocol.js';

const relay = (text: string, id = 'alice'): string => {
  const f = parseClientFrame(text) as ParsedFrame;
  expect(f.ok).toBe(true);
  const suffix = srcSuffixFor(id);
  return relayBytes(Buffer.from(text), f, Buffer.from(suffix), id).toString();
};

describe('relayBytes: the byte-level splice gives the same frame as relayText', () => {
  it.each([
    '{"type":"OFFER","payload":{"a":[1,2]},"dst":"bob"}',
    '  {"type":"ANSWER","dst":"bob"}  \n',
    '{"type":"CANDIDATE","dst":"bob","payload":{"candidate":"héllo ✓ 😀 }"}}',
    '{"type":"OFFER","src":"mallory","dst":"bob"}',
    '{"src":"mallory","type":"OFFER","dst":"bob","src":"eve"}',
    '{"type":"OFFER","dst":"bob","payload":{"src":"x"}}',
  ])('%s', (text) => {
    const f = parseClientFrame(text) as ParsedFrame;
    const suffix = srcSuffixFor('alice');
    expect(relay(text)).toBe(relayText(text, f, suffix, 'alice'));
    expect((JSON.parse(relay(text)) as { src: string }).src).toBe('alice');
  });

  it('escapes ids that need it and counts multi-byte ids in bytes', () => {
    expect((JSON.parse(relay('{"type":"OFFER","dst":"bob"}', 'a"b\\c')) as { src: string }).src).toBe('a"b\\c');
    expect((JSON.parse(relay('{"type":"OFFER","dst":"bob"}', 'zoë✓')) as { src: string }).src).toBe('zoë✓');
  });
});
