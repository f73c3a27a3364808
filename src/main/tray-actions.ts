/** What each tray menu item does, against the controller and the few Electron objects it needs. */
import type { Clipboard } from 'electron';
import type { Controller } from '../control/controller.js';
import { peerjsAddress, type TrayAction } from './tray-model.js';

export interface TrayActionDeps {
  controller: Pick<Controller, 'start' | 'stop' | 'applySettings' | 'status'>;
  clipboard: Pick<Clipboard, 'writeText'>;
  showDashboard: () => void;
  quit: () => void;
  log?: (message: string) => void;
}

/** Returns the click handler; results are awaited internally (errors are logged, never thrown). */
export function createTrayActionHandler(deps: TrayActionDeps): (action: TrayAction) => Promise<void> {
  const log = deps.log ?? ((m: string) => console.warn(m));
  return async (action) => {
    switch (action) {
      case 'open-dashboard':
        deps.showDashboard();
        return;
      case 'start': {
        const r = await deps.controller.start();
        // A failed start is already the controller's error state (tray icon, tooltip, window).
        if (!r.ok) log(`Switchboard: ${r.error}`);
        return;
      }
      case 'stop': {
        const r = await deps.controller.stop();
        if (!r.ok) log(`Switchboard: ${r.error}`);
        return;
      }
      case 'copy-address': {
        const address = peerjsAddress(deps.controller.status());
        if (address) await deps.clipboard.writeText(address);
        return;
      }
      case 'toggle-start-at-login': {
        const { settings } = deps.controller.status();
        const r = await deps.controller.applySettings({ ...settings, start_at_login: !settings.start_at_login });
        if (!r.ok) log(`Switchboard: could not change "Start at login": ${r.error}`);
        return;
      }
      case 'quit':
        deps.quit();
        return;
    }
  };
}
