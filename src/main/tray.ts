/** Puts a TrayModel on a real Electron Tray; the Electron objects come in as parameters. */
import type { MenuItemConstructorOptions, NativeImage, Tray } from 'electron';
import type { TrayAction, TrayIconState, TrayMenuItem, TrayModel } from './tray-model.js';

export type TrayLike = Pick<Tray, 'setImage' | 'setToolTip' | 'setContextMenu'>;

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
  render(model: TrayModel): void;
}

export function createTrayRenderer(
  tray: TrayLike,
  icons: Record<TrayIconState, NativeImage>,
  buildMenu: (template: MenuItemConstructorOptions[]) => Parameters<Tray['setContextMenu']>[0],
  onAction: (action: TrayAction) => void,
): TrayRenderer {
  let lastIcon: TrayIconState | null = null;
  let lastTooltip: string | null = null;
  let lastMenu: string | null = null;
  return {
    render(model) {
      if (model.icon !== lastIcon) {
        tray.setImage(icons[model.icon]);
        lastIcon = model.icon;
      }
      if (model.tooltip !== lastTooltip) {
        tray.setToolTip(model.tooltip);
        lastTooltip = model.tooltip;
      }
      // Rebuilding a native menu is not free: only when something in it changed.
      const key = JSON.stringify(model.menu);
      if (key !== lastMenu) {
        tray.setContextMenu(buildMenu(menuTemplate(model.menu, onAction)));
        lastMenu = key;
      }
    },
  };
}
