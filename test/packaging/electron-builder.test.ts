// electron-builder, run for real on this project's config and build output (out/), for Linux: the
// unpacked app (--dir) and the .deb up to fpm, which electron-builder would download (a stand-in fpm
// records what it was asked to package instead). The Electron it packages is a stand-in folder
// (`electronDist`) with a placeholder binary that carries a fuse wire, so the fuses are flipped for real.
// This catches what the schema check (test/unit/main/electron-builder-config.test.ts) cannot: missing
// package.json metadata, a desktop entry that does not match the window, files missing from app.asar,
// devDependencies in it.
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { extractFile, listPackage } from '@electron/asar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const require = createRequire(import.meta.url);
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** Electron's default fuse wire (V1, 8 fuses): RunAsNode on, cookie encryption off, NODE_OPTIONS on, inspect on, asar integrity off, only-asar off, browser V8 snapshot off, file:// privileges on. */
const DEFAULT_WIRE = '10110001';

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string; homepage?: string; dependencies: Record<string, string>; devDependencies: Record<string, string> };

export interface BuilderRun {
  dir: string;
  code: number | null;
  output: string;
}

/** The stand-in Electron folder: what electron-builder copies and renames for Linux. */
export function makeElectronDist(dir: string): string {
  const dist = join(dir, 'electron-dist');
  mkdirSync(join(dist, 'resources'), { recursive: true });
  mkdirSync(join(dist, 'locales'), { recursive: true });
  const binary = Buffer.concat([Buffer.from('#!/bin/sh\necho "stand-in for the Electron binary"\n'), Buffer.from(SENTINEL), Buffer.from([1, DEFAULT_WIRE.length]), Buffer.from(DEFAULT_WIRE)]);
  writeFileSync(join(dist, 'electron'), binary);
  chmodSync(join(dist, 'electron'), 0o755);
  for (const file of ['LICENSE', 'LICENSES.chromium.html', 'locales/en-US.pak', 'resources.pak', 'icudtl.dat', 'chrome-sandbox', 'chrome_crashpad_handler', 'libffmpeg.so', 'snapshot_blob.bin', 'v8_context_snapshot.bin']) {
    writeFileSync(join(dist, file), 'stand-in\n');
  }
  const version = JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')) as { version: string };
  writeFileSync(join(dist, 'version'), version.version);
  return dist;
}

/** Runs `electron-builder --linux dir deb` on `projectDir` (the project, or a copy with edits). */
export async function runBuilder(projectDir: string, dir: string): Promise<BuilderRun> {
  const dist = makeElectronDist(dir);
  // fpm is the tool electron-builder downloads for .deb: this one records its arguments and the desktop entry.
  const fpm = join(dir, 'fpm');
  writeFileSync(
    fpm,
    `#!/bin/sh
printf '%s\\n' "$@" > "${dir}/fpm-args.txt"
for arg in "$@"; do
  case "$arg" in *=/usr/share/applications/*) cp "\${arg%%=*}" "${dir}/desktop-entry";; esac
done
`,
  );
  chmodSync(fpm, 0o755);
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('VITEST') && k !== 'NODE_OPTIONS' && !k.startsWith('CSC_') && !k.startsWith('APPLE_')) env[k] = v;
  Object.assign(env, { CUSTOM_FPM_PATH: fpm, FORCE_COLOR: '1', CI: 'true', ELECTRON_BUILDER_CACHE: join(dir, 'cache'), CSC_IDENTITY_AUTO_DISCOVERY: 'false' });
  const cli = require.resolve('electron-builder/cli.js');
  const args = [cli, '--linux', 'dir', 'deb', '--x64', '--publish', 'never', '--config', 'electron-builder.yml', `-c.electronDist=${dist}`, `-c.directories.output=${join(dir, 'release')}`];
  return new Promise((resolveRun) => {
    const child = spawn(process.execPath, args, { cwd: projectDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('close', (code) => resolveRun({ dir, code, output }));
  });
}

/** Lines electron-builder logged as warnings (yellow bullet) or errors (⨯). */
export function problems(output: string): string[] {
  // eslint-disable-next-line no-control-regex -- ANSI colour codes in electron-builder's output
  return output.split('\n').filter((line) => line.includes('\u001b[33m•') || line.includes('⨯') || /\bwarn(ing)?\b/i.test(line.replace(/\u001b\[[0-9;]*m/g, '')));
}

let run: BuilderRun;
let work = '';

beforeAll(async () => {
  for (const part of ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html']) {
    if (!existsSync(join(ROOT, part))) throw new Error(`${part} is missing: run \`npm run build\` (npm test does) first`);
  }
  work = mkdtempSync(join(tmpdir(), 'sb-builder-'));
  run = await runBuilder(ROOT, work);
}, 300_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('electron-builder for Linux (--dir and deb) against a stand-in Electron', () => {
  it('finishes without a configuration error or a missing-metadata warning', () => {
    expect(problems(run.output), run.output).toEqual([]);
    expect(run.code, run.output).toBe(0);
    // eslint-disable-next-line no-control-regex -- ANSI colour codes in electron-builder's output
    const plain = run.output.replace(/\u001b\[[0-9;]*m/g, '');
    expect(plain).toMatch(/using custom unpacked Electron distribution/);
    expect(plain).toMatch(/building\s+target=deb/);
  });

  it('packs main, preload and renderer bundles, the tray icons and the runtime dependencies into app.asar, and nothing from devDependencies', () => {
    const asar = join(run.dir, 'release/linux-unpacked/resources/app.asar');
    const files = listPackage(asar, { isPack: false }).map((f) => f.replaceAll('\\', '/'));
    const has = (path: string): boolean => files.includes(path);
    for (const path of ['/package.json', '/out/main/index.js', '/out/preload/index.cjs', '/out/renderer/index.html']) expect(has(path), path).toBe(true);
    // Every script and stylesheet the dashboard references is in the archive.
    const html = extractFile(asar, 'out/renderer/index.html').toString('utf8');
    const assets = [...html.matchAll(/(?:src|href)="\.\/([^"]+)"/g)].map((m) => `/out/renderer/${m[1]}`);
    expect(assets.length).toBeGreaterThan(0);
    for (const asset of assets) expect(has(asset), asset).toBe(true);
    // Every file the main bundle refers to (tray icons, app icon) is in the archive, next to it.
    const main = extractFile(asar, 'out/main/index.js').toString('utf8');
    const referenced = [...main.matchAll(/join\$?\d*\(import\.meta\.dirname, "\.\/(chunks\/[^"]+)"\)/g)].map((m) => `/out/main/${m[1]}`);
    for (const state of ['running', 'stopped', 'error']) {
      for (const variant of [`${state}-`, `${state}@2x-`, `${state}Template-`, `${state}Template@2x-`]) {
        expect(referenced.some((r) => r.includes(`/chunks/${variant}`) && r.endsWith('.png')), `${variant}*.png`).toBe(true);
      }
      expect(referenced.some((r) => r.includes(`/chunks/${state}-`) && r.endsWith('.ico')), `${state}.ico`).toBe(true);
    }
    for (const file of referenced) expect(has(file), file).toBe(true);
    expect(files.filter((f) => f.startsWith('/out/') && f.endsWith('.map'))).toEqual([]);
    expect(files.some((f) => f.startsWith('/src/') || f.startsWith('/test/') || f.startsWith('/build/'))).toBe(false);
    // Runtime dependencies are there …
    for (const dep of Object.keys(pkg.dependencies)) expect(has(`/node_modules/${dep}/package.json`), dep).toBe(true);
    // … and no devDependency (electron, react, vite, peer, …).
    const packaged = new Set(files.map((f) => /^\/node_modules\/((?:@[^/]+\/)?[^/]+)\/package\.json$/.exec(f)?.[1]).filter((n): n is string => Boolean(n)));
    const leaked = Object.keys(pkg.devDependencies).filter((dev) => packaged.has(dev));
    expect(leaked).toEqual([]);
  });

  it('writes a .desktop entry whose StartupWMClass matches the window, and .deb metadata with homepage and maintainer email', () => {
    const entry = readFileSync(join(run.dir, 'desktop-entry'), 'utf8');
    expect(entry).toMatch(/^Name=Switchboard$/m);
    expect(entry).toMatch(/^Exec=\/opt\/Switchboard\/switchboard %U$/m);
    // package.json desktopName is switchboard.desktop: Electron's Wayland app_id and X11 WM_CLASS instance.
    expect(entry).toMatch(/^StartupWMClass=switchboard$/m);
    expect(entry).toMatch(/^Icon=switchboard$/m);
    const args = readFileSync(join(run.dir, 'fpm-args.txt'), 'utf8').split('\n');
    const arg = (name: string): string | undefined => args[args.indexOf(name) + 1];
    expect(arg('--url')).toBe(pkg.homepage);
    expect(arg('--maintainer')).toMatch(/^Switchboard contributors <[^@\s]+@[^>\s]+>$/);
    expect(arg('--name')).toBe('switchboard');
    expect(arg('--version')).toBe(pkg.version);
    expect(args.some((a) => a.endsWith('=/usr/share/applications/switchboard.desktop'))).toBe(true);
    expect(args.some((a) => a.endsWith('=/usr/share/icons/hicolor/512x512/apps/switchboard.png'))).toBe(true);
  });

  it('flips the fuses as tight as the app allows (no ELECTRON_RUN_AS_NODE, NODE_OPTIONS, --inspect, file:// privileges)', () => {
    const binary = readFileSync(join(run.dir, 'release/linux-unpacked/switchboard'));
    const at = binary.indexOf(SENTINEL) + SENTINEL.length;
    const wire = binary.subarray(at + 2, at + 2 + (binary[at + 1] ?? 0)).toString('latin1');
    expect(wire).toBe(
      [
        '0', // RunAsNode
        '1', // EnableCookieEncryption
        '0', // EnableNodeOptionsEnvironmentVariable
        '0', // EnableNodeCliInspectArguments
        '1', // EnableEmbeddedAsarIntegrityValidation
        '1', // OnlyLoadAppFromAsar
        '0', // LoadBrowserProcessSpecificV8Snapshot
        '0', // GrantFileProtocolExtraPrivileges
      ].join(''),
    );
  });
});
