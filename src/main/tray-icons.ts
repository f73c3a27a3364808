/**
 * The tray icon per OS, at the sizes each one draws (files made by build/render-icons.mjs):
 * - Windows: an .ico with 16–48 px frames (100–200 % scaling picks its own frame);
 * - macOS: a black-and-alpha Template image, 16 pt (16 px @1x, 32 px @2x), that macOS tints for light
 *   and dark menu bars; the state is told by the shape (filled, outlined, with a badge);
 * - Linux: 24 px @1x and 48 px @2x in colour (panels are 22–24 px high; HiDPI panels take the @2x).
 * The @2x file is added as a second representation (the bundled file names carry a hash, so Electron's
 * own `@2x` lookup next to the file cannot find it).
 */
import { readFileSync } from 'node:fs';
import type { NativeImage, nativeImage as NativeImageModule } from 'electron';
import type { TrayIconState } from './tray-model.js';
import errorIco from '../../build/tray/error.ico?asset';
import error1x from '../../build/tray/error.png?asset';
import error2x from '../../build/tray/error@2x.png?asset';
import errorTemplate1x from '../../build/tray/errorTemplate.png?asset';
import errorTemplate2x from '../../build/tray/errorTemplate@2x.png?asset';
import runningIco from '../../build/tray/running.ico?asset';
import running1x from '../../build/tray/running.png?asset';
import running2x from '../../build/tray/running@2x.png?asset';
import runningTemplate1x from '../../build/tray/runningTemplate.png?asset';
import runningTemplate2x from '../../build/tray/runningTemplate@2x.png?asset';
import stoppedIco from '../../build/tray/stopped.ico?asset';
import stopped1x from '../../build/tray/stopped.png?asset';
import stopped2x from '../../build/tray/stopped@2x.png?asset';
import stoppedTemplate1x from '../../build/tray/stoppedTemplate.png?asset';
import stoppedTemplate2x from '../../build/tray/stoppedTemplate@2x.png?asset';

export interface TrayIconFiles {
  png: { x1: string; x2: string };
  template: { x1: string; x2: string };
  ico: string;
}

export const TRAY_ICON_FILES: Record<TrayIconState, TrayIconFiles> = {
  running: { png: { x1: running1x, x2: running2x }, template: { x1: runningTemplate1x, x2: runningTemplate2x }, ico: runningIco },
  stopped: { png: { x1: stopped1x, x2: stopped2x }, template: { x1: stoppedTemplate1x, x2: stoppedTemplate2x }, ico: stoppedIco },
  error: { png: { x1: error1x, x2: error2x }, template: { x1: errorTemplate1x, x2: errorTemplate2x }, ico: errorIco },
};

type NativeImageFactory = Pick<typeof NativeImageModule, 'createFromPath'>;

/** The files one platform uses, in the order they are read. */
export function trayIconPaths(files: TrayIconFiles, platform: NodeJS.Platform): string[] {
  if (platform === 'win32') return [files.ico];
  if (platform === 'darwin') return [files.template.x1, files.template.x2];
  return [files.png.x1, files.png.x2];
}

export function trayImage(factory: NativeImageFactory, files: TrayIconFiles, platform: NodeJS.Platform): NativeImage {
  const [x1, x2] = trayIconPaths(files, platform);
  const image = factory.createFromPath(x1 as string);
  if (x2) image.addRepresentation({ scaleFactor: 2, buffer: readFileSync(x2) });
  if (platform === 'darwin') image.setTemplateImage(true);
  return image;
}

export function trayImages(factory: NativeImageFactory, platform: NodeJS.Platform): Record<TrayIconState, NativeImage> {
  return {
    running: trayImage(factory, TRAY_ICON_FILES.running, platform),
    stopped: trayImage(factory, TRAY_ICON_FILES.stopped, platform),
    error: trayImage(factory, TRAY_ICON_FILES.error, platform),
  };
}
