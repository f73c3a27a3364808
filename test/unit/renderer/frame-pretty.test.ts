import { describe, expect, it } from 'vitest';
import { parseFrame, prettyJson } from '../../../src/renderer/lib/frame.js';

describe('prettyJson (the inspector)', () => {
  it('indents ordinary frames', () => {
    expect(prettyJson({ type: 'OFFER', dst: 'b' }, 'raw')).toBe('{\n  "type": "OFFER",\n  "dst": "b"\n}');
  });
  it('falls back to the raw text for a frame too deep to print (a hostile one the server dropped)', () => {
    const text = `{"type":"OFFER","dst":"b","src":"x","payload":${'['.repeat(20_000)}${']'.repeat(20_000)}}`;
    const frame = parseFrame(text);
    expect(frame.type).toBe('OFFER');
    expect(prettyJson(frame.json, text)).toBe(text);
  });
});
