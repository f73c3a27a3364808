/**
 * A path the server cannot mount (Express 5 reads `*`, `?`, `(`, `{` … as route syntax and throws) is
 * an invalid setting: refused with a field error, nothing saved, the running server untouched —
 * not saved and then failing the restart.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createController, type Controller } from '../../../src/control/controller.js';
import { createMemorySettingsStore } from '../../../src/control/settings-store.js';
import { createSignalingServer } from '../../../src/core/index.js';
import { DEFAULT_SETTINGS, validateSettings } from '../../../src/shared/settings.js';

let controller: Controller | null = null;
afterEach(async () => {
  await controller?.dispose();
  controller = null;
});

describe('settings: path', () => {
  it('accepts ordinary mount paths', () => {
    for (const path of ['/', '/myapp', '/peer-js/v1.2_x~y/']) expect(validateSettings({ ...DEFAULT_SETTINGS, path }).ok).toBe(true);
  });

  it('refuses a path the server cannot serve and keeps the server running with the old settings', async () => {
    const settings = { ...DEFAULT_SETTINGS, host: '127.0.0.1', start_on_launch: false };
    const store = createMemorySettingsStore(settings);
    controller = createController({ createServer: createSignalingServer, settingsStore: store, overrides: { port: 0 } });
    expect(await controller.start()).toEqual({ ok: true });
    for (const path of ['/peer*', '/x?y', '/a(b', '/a{b', '/a b', '/:id']) {
      const result = await controller.applySettings({ ...settings, path });
      expect(result, path).toMatchObject({ ok: false, issues: [{ field: 'path' }] });
    }
    expect(store.current().path).toBe('/');
    expect((await controller.getSnapshot()).state.status).toBe('running');
  });
});
