/**
 * Puts a TrayModel on a real Electron Tray; the Electron objects come in as parameters. Updates are
 * throttled: at most one per `minIntervalMs` (1 s), the first at once, the latest one always applied at
 * the end of the interval. Within an update only what changed is set again (icon, tooltip, menu).
 */
import type { MenuItemConstructorOptions, NativeImage, Tray } from 'electron';
import type { TrayAction, TrayIconState, TrayMenuItem, TrayModel } from './tray-model.js';

export type TrayLike = Pick<Tray, 'setImage' | 'setToolTip' | 'setContextMenu'>;

/** @default 1000 */
export const TRAY_MIN_INTERVAL_MS = 1000;

/** Electron menu template for the model; each click calls `onAction` with the item's action. */
export function menuTemplate(items: TrayMenuItem[], onAction: (action: TrayAction) => void): MenuItemConstructorOptions[] {
  return items.map((item): MenuItemConstructorOptions => {
    switch (item.type) {
      case 'separator':
        return { type: 'separator' };
      case 'info':
        return { type: 'normal', label: item.label, enabled: false };
      case 'checkbox':
        return { type: 'checkbox', label: item.label, enabled: item.enabled, checked: item.checked, click: () => onAction(item.action) };
      default:
        return { type: 'normal', label: item.label, enabled: item.enabled, click: () => onAction(item.action) };
    }
  });
}

export interface TrayRenderer {
  /** Shows `model` now, or at the end of the current interval (only the latest model is kept). */
  render(model: TrayModel): void;
  /** Cancels a pending update. */
  dispose(): void;
}

export interface TrayRendererOptions {
  minIntervalMs?: number;
  now?: () => number;
}

export function createTrayRenderer(
  tray: TrayLike,
  icons: Record<TrayIconState, NativeImage>,
  buildMenu: (template: MenuItemConstructorOptions[]) => Parameters<Tray['setContextMenu']>[0],
  onAction: (action: TrayAction) => void,
  options: TrayRendererOptions = {},
): TrayRenderer {
  const minIntervalMs = options.minIntervalMs ?? TRAY_MIN_INTERVAL_MS;
  const now = options.now ?? Date.now;
  let lastIcon: TrayIconState | null = null;
  let lastTooltip: string | null = null;
  let lastMenu: string | null = null;
  let lastAppliedAt = -Infinity;
  let pending: TrayModel | null = null;
  let timer: NodeJS.Timeout | null = null;
  let disposed = false;

  function apply(model: TrayModel): void {
    let changed = false;
    if (model.icon !== lastIcon) {
      tray.setImage(icons[model.icon]);
      lastIcon = model.icon;
      changed = true;
    }
    if (model.tooltip !== lastTooltip) {
      tray.setToolTip(model.tooltip);
      lastTooltip = model.tooltip;
      changed = true;
    }
    // Rebuilding a native menu is not free, and closes it if open: only when something in it changed.
    const key = JSON.stringify(model.menu);
    if (key !== lastMenu) {
      tray.setContextMenu(buildMenu(menuTemplate(model.menu, onAction)));
      lastMenu = key;
      changed = true;
    }
    if (changed) lastAppliedAt = now();
  }

  function flush(): void {
    timer = null;
    if (disposed || !pending) return;
    const model = pending;
    pending = null;
    apply(model);
  }

  return {
    render(model) {
      if (disposed) return;
      pending = model;
      if (timer) return;
      const wait = lastAppliedAt + minIntervalMs - now();
      if (wait <= 0) flush();
      else {
        timer = setTimeout(flush, wait);
        timer.unref?.();
      }
    },
    dispose() {
      disposed = true;
      if (timer) clearTimeout(timer);
      timer = null;
      pending = null;
    },
  };
}
