/** The join page escapes what it shows (the key may be any text; the Host header is the visitor's). */
import { describe, expect, it } from 'vitest';
import { joinPath, joinSnippet, renderJoinPage } from '../../../src/core/join-page.js';

describe('join page', () => {
  it('lives next to the PeerJS routes under the mount path', () => {
    expect(joinPath('/')).toBe('/join');
    expect(joinPath('/signal')).toBe('/signal/join');
    expect(joinPath('/signal/')).toBe('/signal/join');
  });

  it('escapes every value and shows a snippet that works as written', () => {
    const html = renderJoinPage({ host: 'evil"><script>x()</script>', port: 9000, path: '/', key: '<b>k</b>&"', secure: false });
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<b>k</b>');
    expect(html).toContain('&lt;b&gt;k&lt;/b&gt;&amp;&quot;');
    expect(joinSnippet({ host: 'fd00::5', port: 443, path: '/p', key: 'k', secure: true })).toContain('secure: true,');
  });
});
