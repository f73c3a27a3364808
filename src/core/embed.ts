/**
 * Embedding in an existing Express app and HTTP server (the reference's `ExpressPeerServer` use case):
 *
 *   const server = app.listen(9000);
 *   const signaling = expressSignaling(server, { path: '/myapp' });
 *   app.use('/peerjs', signaling.app);   // clients use { path: '/peerjs/myapp' }
 *
 * The WebSocket answers at `<mount path><options.path>/peerjs`. Other upgrade paths are left to the host app.
 */
import type { Server as HttpServer } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import express from 'express';
import type { SignalingObservable } from './api.js';
import { createRoutes } from './http.js';
import { normalizePath, resolveOptions, type SignalingOptions } from './options.js';
import { observe, SignalingEngine } from './signaling.js';
import { createUpgradeHandler, socketPath } from './upgrade.js';

export interface EmbeddedSignaling extends SignalingObservable {
  /** Mount this on your Express app. */
  readonly app: express.Express;
  /** Closes every signaling socket and clears timers; the host server keeps running. */
  close(): void;
}

export function expressSignaling(server: HttpServer | HttpsServer, input: Partial<Omit<SignalingOptions, 'port' | 'host' | 'ssl' | 'cluster'>> = {}): EmbeddedSignaling {
  const options = resolveOptions(input);
  const engine = new SignalingEngine(options);
  const app = express();
  app.disable('x-powered-by');
  app.use(options.path, createRoutes(options, () => engine.directory));

  let wsPath = socketPath(options.path);
  app.on('mount', () => {
    const mount = app.path();
    wsPath = socketPath(normalizePath(`${mount === '/' ? '' : mount}${options.path}`));
  });
  const upgrade = createUpgradeHandler(engine, options.max_payload, () => wsPath, true);
  server.on('upgrade', upgrade);
  engine.open();

  return {
    app,
    close() {
      server.off('upgrade', upgrade);
      engine.close();
      engine.terminate();
      upgrade.close();
    },
    ...observe(engine),
  };
}
