import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const require = createRequire(import.meta.url);
const schemaPath = require.resolve('app-builder-lib/scheme.json', { paths: [require.resolve('electron-builder')] });
const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as object;
const config = parse(readFileSync('electron-builder.yml', 'utf8')) as Record<string, unknown>;

function validator() {
  // The schema is draft-07 with some non-standard keywords (e.g. "tsType"): allow unknown keywords.
  const ajv = new Ajv({ allErrors: true, strict: false });
  return ajv.compile(schema);
}

describe('electron-builder.yml', () => {
  it("is valid against electron-builder's own schema (app-builder-lib/scheme.json)", () => {
    const validate = validator();
    const ok = validate(config);
    expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([]);
    expect(ok).toBe(true);
  });

  it('catches a typo (the schema check is not vacuous)', () => {
    const validate = validator();
    expect(validate({ ...config, productNmae: 'Switchboard' })).toBe(false);
    expect(validate({ ...config, linux: { target: ['AppImage'], categroy: 'Network' } })).toBe(false);
  });

  it('has the app id, name, targets and icons of the desktop app, and packages only built output', () => {
    expect(config.appId).toBe('org.switchboard.desktop');
    expect(config.productName).toBe('Switchboard');
    expect((config.linux as { target: string[] }).target).toEqual(['AppImage', 'deb']);
    expect((config.win as { target: string[] }).target).toEqual(['nsis']);
    expect((config.mac as { target: string[] }).target).toEqual(['dmg']);
    expect(config.files).toEqual(['out/**/*', '!out/**/*.map', 'package.json']);
    for (const icon of ['build/icon.png', 'build/icons/512x512.png', 'build/icons/16x16.png', 'build/tray/running.png', 'build/tray/stopped.png', 'build/tray/error.png']) {
      const png = readFileSync(icon);
      expect(png.subarray(1, 4).toString('latin1'), icon).toBe('PNG');
    }
    // The app icon is big enough for macOS (at least 512x512): width and height sit in the IHDR chunk.
    const icon = readFileSync('build/icon.png');
    expect(icon.readUInt32BE(16)).toBeGreaterThanOrEqual(512);
    expect(icon.readUInt32BE(20)).toBeGreaterThanOrEqual(512);
  });
});
