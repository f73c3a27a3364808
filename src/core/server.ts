/** A standalone signaling server: HTTP(S) routes and the PeerJS WebSocket on one port, startable and stoppable. */
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { BoundAddress, SignalingServer } from './api.js';
import { SignalingError } from './errors.js';
import { createRoutes } from './http.js';
import { joinPath, serveJoinPage } from './join-page.js';
import { listen } from './listen.js';
import { resolveOptions, type SignalingOptions } from './options.js';
import { answerClientError } from './refusals.js';
import { serialQueue } from './serial-queue.js';
import { observe, SignalingEngine } from './signaling.js';
import { createUpgradeHandler, socketPath, type UpgradeHandler } from './upgrade.js';

/** How long stop() waits for clients to answer the close handshake before cutting them off. */
const CLOSE_GRACE_MS = 500;

interface Running {
  http: HttpServer;
  upgrade: UpgradeHandler;
  address: BoundAddress;
  cluster: Cluster | null;
}

type Cluster = Awaited<ReturnType<typeof import('./cluster/index.js').joinCluster>>;

export function createSignalingServer(input: Partial<SignalingOptions> = {}): SignalingServer {
  const options = Object.freeze(resolveOptions(input));
  const engine = new SignalingEngine(options);
  let running: Running | null = null;
  /** start/stop run one at a time, in call order. */
  const serialise = serialQueue();

  function buildApp(): express.Express {
    const app = express();
    app.disable('x-powered-by');
    app.set('trust proxy', options.proxied);
    app.use(options.path, createRoutes(options, () => engine.directory));
    // The page the dashboard's QR code points at (standalone server only; an embedding app has its own pages).
    app.get(joinPath(options.path), serveJoinPage(options, () => running?.address.port ?? options.port));
    app.use((_req, res) => {
      res.status(404).type('text/plain').send('Not found');
    });
    return app;
  }

  async function doStart(): Promise<BoundAddress> {
    if (running) throw new SignalingError('ERR_SERVER_RUNNING', 'The server is already running');
    const app = buildApp();
    const http = options.ssl ? createHttpsServer({ key: options.ssl.key, cert: options.ssl.cert }, app) : createHttpServer(app);
    const wsPath = socketPath(options.path);
    const upgrade = createUpgradeHandler(engine, options.max_payload, () => wsPath);
    http.on('upgrade', upgrade);
    http.on('clientError', answerClientError);
    await listen(http, options.host, options.port);
    const info = http.address() as AddressInfo;
    const address = { host: info.address, port: info.port };
    // Multi-instance mode loads its module (and ioredis) only when asked for.
    const cluster = options.cluster ? await (await import('./cluster/index.js')).joinCluster(engine, options, `${address.host}:${address.port}`) : null;
    running = { http, upgrade, address, cluster };
    engine.open();
    if (engine.tap.active) engine.tap.emit({ kind: 'server-started', host: address.host, port: address.port, path: options.path });
    return address;
  }

  async function doStop(): Promise<void> {
    if (!running) return;
    const { http, upgrade, cluster } = running;
    running = null;
    engine.close();
    const closed = new Promise<void>((resolve) => http.close(() => resolve()));
    http.closeIdleConnections();
    const deadline = Date.now() + CLOSE_GRACE_MS;
    while (engine.socketCount > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    engine.terminate();
    upgrade.close();
    http.closeAllConnections();
    await closed;
    if (cluster) await cluster.leave(engine);
    if (engine.tap.active) engine.tap.emit({ kind: 'server-stopped' });
  }


  return {
    options,
    start: () => serialise(doStart),
    stop: () => serialise(doStop),
    get running() {
      return running !== null;
    },
    address: () => (running ? { ...running.address } : null),
    async cluster() {
      const node = running?.cluster?.node;
      if (!node) return null;
      return { status: node.status(), instances: await node.instances().catch(() => []) };
    },
    async clusterView() {
      return (await running?.cluster?.node.view()) ?? null;
    },
    ...observe(engine),
  };
}
