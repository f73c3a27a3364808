import { afterEach, describe, expect, it, vi } from 'vitest';
import { createController, type Controller, type ControllerStatus } from '../../../src/control/controller.js';
import { createMemorySettingsStore } from '../../../src/control/settings-store.js';
import { createSignalingServer } from '../../../src/core/index.js';
import { createTrayActionHandler } from '../../../src/main/tray-actions.js';
import { trayModel, trayTooltip, type TrayMenuItem } from '../../../src/main/tray-model.js';
import { createTrayRenderer, menuTemplate } from '../../../src/main/tray.js';
import { DEFAULT_SETTINGS } from '../../../src/shared/settings.js';
import { as } from './fakes.js';

function status(partial: Partial<ControllerStatus['state']>, peerCount = 0): ControllerStatus {
  return {
    state: { status: 'stopped', error: null, startedAt: null, host: null, port: null, addresses: [], ...partial },
    settings: DEFAULT_SETTINGS,
    settingsNotice: null,
    peerCount,
  };
}
const running = status({ status: 'running', host: '0.0.0.0', port: 9000, addresses: ['http://192.168.1.20:9000/'] }, 3);
const opts = { startAtLogin: false, startAtLoginSupported: true };

function item(menu: TrayMenuItem[], action: string): TrayMenuItem | undefined {
  return menu.find((m) => 'action' in m && m.action === action);
}

describe('tray model', () => {
  it('picks the icon per state', () => {
    expect(trayModel(running, opts).icon).toBe('running');
    expect(trayModel(status({}), opts).icon).toBe('stopped');
    expect(trayModel(status({ status: 'starting' }), opts).icon).toBe('stopped');
    expect(trayModel(status({ status: 'error', error: 'Port 9000 is already in use' }), opts).icon).toBe('error');
  });

  it('puts the address and peer count, or the error, in the tooltip', () => {
    expect(trayTooltip(running)).toBe('Switchboard — running at http://192.168.1.20:9000/ — 3 peers');
    expect(trayTooltip({ ...running, peerCount: 1 })).toMatch(/— 1 peer$/);
    expect(trayTooltip(status({ status: 'error', error: 'Port 9000 is already in use' }))).toBe('Switchboard — error: Port 9000 is already in use');
    expect(trayTooltip(status({}))).toBe('Switchboard — stopped');
  });

  it('always offers Open dashboard, Start/Stop, Copy PeerJS address, Start at login and Quit', () => {
    const menu = trayModel(running, { startAtLogin: true, startAtLoginSupported: true }).menu;
    expect(item(menu, 'open-dashboard')).toMatchObject({ label: 'Open dashboard', enabled: true });
    expect(item(menu, 'stop')).toMatchObject({ label: 'Stop server', enabled: true });
    expect(item(menu, 'start')).toBeUndefined();
    expect(item(menu, 'copy-address')).toMatchObject({ enabled: true, label: 'Copy PeerJS address (http://192.168.1.20:9000/)' });
    expect(item(menu, 'toggle-start-at-login')).toMatchObject({ type: 'checkbox', checked: true, enabled: true });
    expect(item(menu, 'quit')).toMatchObject({ enabled: true });
    expect(JSON.stringify(menu)).not.toMatch(/peer(s)?\b(?! ?address)/i); // no volatile counts in the menu
    expect(trayModel({ ...running, peerCount: 40 }, opts).menu).toEqual(trayModel(running, opts).menu);

    const stopped = trayModel(status({}), opts).menu;
    expect(item(stopped, 'start')).toMatchObject({ label: 'Start server', enabled: true });
    expect(item(stopped, 'copy-address')).toMatchObject({ enabled: false });
    expect(item(trayModel(status({ status: 'starting' }), opts).menu, 'start')).toMatchObject({ enabled: false });
    expect(item(trayModel(status({ status: 'error', error: 'x' }), opts).menu, 'start')).toMatchObject({ enabled: true });
  });
});

describe('tray renderer', () => {
  function setup(now: () => number) {
    const calls: string[] = [];
    const tray = {
      setImage: (img: string) => calls.push(`image:${img}`),
      setToolTip: (t: string) => calls.push(`tooltip:${t}`),
      setContextMenu: (m: { labels: string[] }) => calls.push(`menu:${m.labels.join('|')}`),
    };
    const clicked: string[] = [];
    const r = createTrayRenderer(
      as(tray),
      as({ running: 'R', stopped: 'S', error: 'E' }),
      (template) => as({ labels: template.map((t) => t.label ?? '-') }),
      (a) => clicked.push(a),
      { now },
    );
    return { calls, clicked, r };
  }

  it('sets icon, tooltip and menu, and rebuilds only what changed', () => {
    vi.useFakeTimers();
    try {
      const { calls, clicked, r } = setup(() => Date.now());
      r.render(trayModel(status({}), opts));
      r.render(trayModel(status({}), opts));
      vi.advanceTimersByTime(1000);
      expect(calls.filter((c) => c.startsWith('menu:')).length).toBe(1);
      expect(calls[0]).toBe('image:S');
      r.render(trayModel(running, opts));
      vi.advanceTimersByTime(1000);
      expect(calls).toContain('image:R');
      expect(calls.at(-1)).toMatch(/Stop server/);

      const template = menuTemplate(trayModel(running, opts).menu, (a) => clicked.push(a));
      const quit = template.find((t) => t.label === 'Quit Switchboard');
      quit?.click?.(as({}), undefined, as({}));
      expect(clicked).toEqual(['quit']);
    } finally {
      vi.useRealTimers();
    }
  });

  it('keeps the peer count out of the menu, and applies at most one update per second (the latest one)', () => {
    vi.useFakeTimers();
    try {
      const { calls, r } = setup(() => Date.now());
      r.render(trayModel(running, opts));
      const menus = calls.filter((c) => c.startsWith('menu:')).length;
      // 100 joins and leaves within 5 s: the tooltip changes each time, the menu never.
      for (let i = 1; i <= 100; i += 1) {
        r.render(trayModel({ ...running, peerCount: i % 2 === 0 ? 3 : 4 + i }, opts));
        vi.advanceTimersByTime(50);
      }
      vi.advanceTimersByTime(1000);
      expect(calls.filter((c) => c.startsWith('menu:')).length).toBe(menus);
      const tooltips = calls.filter((c) => c.startsWith('tooltip:'));
      expect(tooltips.length).toBeLessThanOrEqual(1 + 6);
      expect(tooltips.length).toBeGreaterThanOrEqual(5);
      expect(tooltips.at(-1)).toBe('tooltip:Switchboard — running at http://192.168.1.20:9000/ — 3 peers');
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('tray actions against the real controller', () => {
  let controller: Controller | null = null;
  afterEach(async () => {
    await controller?.dispose();
    controller = null;
  });

  it('starts, copies the PeerJS address, toggles start at login without a restart, stops, opens and quits', async () => {
    controller = createController({
      createServer: createSignalingServer,
      settingsStore: createMemorySettingsStore({ ...DEFAULT_SETTINGS, host: '127.0.0.1' }),
      overrides: { port: 0 },
    });
    const copied: string[] = [];
    let shown = 0;
    let quit = 0;
    const act = createTrayActionHandler({
      controller,
      clipboard: as({ writeText: (t: string) => copied.push(t) }),
      showDashboard: () => (shown += 1),
      quit: () => (quit += 1),
      log: () => undefined,
    });
    await act('copy-address');
    expect(copied).toEqual([]); // nothing to copy while stopped
    await act('start');
    const port = controller.status().state.port;
    await act('copy-address');
    expect(copied).toEqual([`http://127.0.0.1:${port}/`]);
    const startedAt = controller.status().state.startedAt;
    await act('toggle-start-at-login');
    expect(controller.status().settings.start_at_login).toBe(true);
    expect(controller.status().state.startedAt).toBe(startedAt); // not restarted
    await act('stop');
    expect(controller.status().state.status).toBe('stopped');
    await act('open-dashboard');
    await act('quit');
    expect({ shown, quit }).toEqual({ shown: 1, quit: 1 });
  });
});
