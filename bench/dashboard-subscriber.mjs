/**
 * Scenario 5's dashboard: subscribes to Switchboard's event stream over the headless admin socket,
 * exactly as the web dashboard does (JSON-RPC `subscribe`, then `{type:'batch'}` pushes, at most every
 * BATCH_INTERVAL_MS with at most BATCH_MAX_EVENTS events), and parses every batch like the UI would.
 *
 * Params (JSON argv[2]): { url } — the dashboard URL the CLI prints ("Dashboard: http://host:port/?token=…").
 * IPC: sends {type:'ready'} once subscribed; on {type:'report'} answers {type:'report', stats} and exits.
 */
import WebSocket from 'ws';
import { fail, params, watchdog } from './lib/child.mjs';

const p = params();
watchdog(300_000, 'dashboard-subscriber');

/** The admin WebSocket URL for a dashboard page URL (same host and token, path /admin). */
export function adminSocketUrl(dashboardUrl) {
  const u = new URL(dashboardUrl);
  const token = u.searchParams.get('token');
  if (!token) throw new Error(`no token in dashboard URL ${dashboardUrl}`);
  return `ws://${u.host}/admin?token=${encodeURIComponent(token)}`;
}

const stats = { batches: 0, events: 0, dropped: 0, maxBatchEvents: 0, maxBatchBytes: 0, bytes: 0, maxGapMs: 0, errors: 0 };
let lastBatchAt = 0;

function subscribe() {
  const ws = new WebSocket(adminSocketUrl(p.url), { perMessageDeflate: false });
  ws.on('error', (err) => fail(`dashboard-subscriber: ${err.message}`));
  ws.on('open', () => ws.send(JSON.stringify({ id: 1, method: 'subscribe' })));
  ws.on('message', (data) => {
    stats.bytes += data.length;
    const msg = JSON.parse(data.toString());
    if (msg.type === 'batch') {
      const now = performance.now();
      if (lastBatchAt > 0) stats.maxGapMs = Math.max(stats.maxGapMs, now - lastBatchAt);
      lastBatchAt = now;
      stats.batches++;
      stats.events += msg.batch.events.length;
      stats.dropped += msg.batch.dropped;
      stats.maxBatchEvents = Math.max(stats.maxBatchEvents, msg.batch.events.length);
      stats.maxBatchBytes = Math.max(stats.maxBatchBytes, data.length);
    } else if (msg.id === 1) {
      if (msg.error || msg.result?.ok !== true) fail(`subscribe refused: ${JSON.stringify(msg)}`);
      else process.send?.({ type: 'ready' });
    } else if (msg.error) {
      stats.errors++;
    }
  });
  return ws;
}

const ws = subscribe();
process.on('message', (msg) => {
  if (msg?.type === 'report') {
    ws.terminate();
    process.send({ type: 'report', stats }, () => process.exit(0));
  }
});
