import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../src/shared/settings.js';
import { fromForm, toForm } from '../../../src/renderer/lib/settings-form.js';

describe('settings form model', () => {
  it('round-trips the defaults and reports field errors from the shared schema', () => {
    expect(fromForm(toForm(DEFAULT_SETTINGS))).toEqual({ settings: DEFAULT_SETTINGS, issues: {} });
    const bad = fromForm({ ...toForm(DEFAULT_SETTINGS), port: '70000', key: '', alive_timeout: 'soon', path: '/a b' });
    expect(bad.settings).toBeNull();
    expect(bad.issues.port).toBe('Port must be a whole number from 0 to 65535');
    expect(bad.issues.key).toBe('Key needs a value');
    expect(fromForm({ ...toForm(DEFAULT_SETTINGS), key: 'any key, as the reference' }).settings?.key).toBe('any key, as the reference');
    expect(bad.issues.alive_timeout).toBeDefined();
    expect(bad.issues.path).toBe('Path may hold only letters, digits and . _ ~ - /');
    expect(fromForm({ ...toForm(DEFAULT_SETTINGS), path: 'room/' }).settings?.path).toBe('/room');
    expect(fromForm({ ...toForm(DEFAULT_SETTINGS), port: '' }).issues.port).toBeDefined();
    expect(fromForm({ ...toForm(DEFAULT_SETTINGS), port: '9000.5' }).issues.port).toBeDefined();
  });
});
