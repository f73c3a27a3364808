/** Listening on a host and port, with errors a person can act on. */
import type { Server } from 'node:net';
import { SignalingError } from './errors.js';

export function listenError(err: NodeJS.ErrnoException, host: string, port: number): SignalingError {
  switch (err.code) {
    case 'EADDRINUSE':
      return new SignalingError('ERR_ADDRESS_IN_USE', `Port ${port} is already in use (another server is listening on ${host}:${port})`, { cause: err });
    case 'EACCES':
    case 'EPERM':
      return new SignalingError('ERR_PERMISSION_DENIED', `Permission denied to listen on ${host}:${port}${port < 1024 ? ' (ports below 1024 need administrator rights)' : ''}`, { cause: err });
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAFNOSUPPORT':
      return new SignalingError('ERR_ADDRESS_NOT_AVAILABLE', `Cannot bind to ${host}: no such address on this machine`, { cause: err });
    default:
      return new SignalingError('ERR_LISTEN', `Cannot listen on ${host}:${port}: ${err.message}`, { cause: err });
  }
}

function listenOnce(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      reject(err);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

/** Listens; '::' falls back to '0.0.0.0' on machines without IPv6. Rejects with a SignalingError. */
export async function listen(server: Server, host: string, port: number): Promise<void> {
  try {
    await listenOnce(server, host, port);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (host === '::' && (err.code === 'EAFNOSUPPORT' || err.code === 'EADDRNOTAVAIL')) {
      try {
        await listenOnce(server, '0.0.0.0', port);
        return;
      } catch (e2) {
        throw listenError(e2 as NodeJS.ErrnoException, '0.0.0.0', port);
      }
    }
    throw listenError(err, host, port);
  }
}
