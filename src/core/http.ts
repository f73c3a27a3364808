/**
 * The HTTP routes of a PeerJS server, mounted at the server's path:
 *   GET /             server description (JSON)
 *   GET /<key>/id     a fresh id (text/plain)
 *   GET /<key>/peers  ids of connected clients (JSON), only with allow_discovery and the right key
 * with CORS on every route (the PeerJS client fetches cross-origin).
 */
import { randomUUID } from 'node:crypto';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { SignalingOptions } from './options.js';
import type { Directory } from './seam.js';

export const SERVER_DESCRIPTION = Object.freeze({
  name: 'PeerJS Server',
  description: 'A server side element to broker connections between PeerJS clients.',
  website: 'https://peerjs.com/',
});

export type HttpOptions = Pick<SignalingOptions, 'key' | 'allow_discovery' | 'cors' | 'generateClientId'>;

/** CORS: reflect the request's Origin (or only the listed ones); answer preflights with 204. */
export function corsMiddleware(allowed: true | string[]) {
  const list = allowed === true ? null : new Set(allowed);
  return (req: Request, res: Response, next: NextFunction): void => {
    const origin = req.headers.origin;
    res.vary('Origin');
    if (origin && (list === null || list.has(origin))) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Allow-Credentials', 'true');
    }
    if (req.method === 'OPTIONS') {
      res.setHeader('Access-Control-Allow-Methods', 'GET,HEAD,OPTIONS');
      const requested = req.headers['access-control-request-headers'];
      if (requested) res.setHeader('Access-Control-Allow-Headers', requested);
      res.setHeader('Access-Control-Max-Age', '600');
      res.status(204).end();
      return;
    }
    next();
  };
}

/** @param directory the engine's directory now (a cluster's is plugged in when the server starts) */
export function createRoutes(options: HttpOptions, directory: () => Directory): Router {
  const router = express.Router({ strict: false });
  const generate = options.generateClientId ?? randomUUID;
  router.use(corsMiddleware(options.cors));

  router.get('/', (_req, res) => {
    res.json(SERVER_DESCRIPTION);
  });

  router.get('/:key/id', async (_req, res) => {
    // Like the reference, any key gets an id; the WebSocket checks the key.
    res.type('text/plain').send(await directory().freshId(generate));
  });

  router.get('/:key/peers', async (req, res) => {
    if (!options.allow_discovery || req.params.key !== options.key) {
      res.status(401).type('text/plain').send('Unauthorized');
      return;
    }
    res.json(await directory().ids());
  });

  return router;
}
