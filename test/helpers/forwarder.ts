/**
 * A TCP forwarder on 127.0.0.1 standing in for a load balancer without sticky sessions: every new
 * connection goes to the current target port, which a test can switch; a test can also drop the
 * clients' side of the open connections while the upstream side stays open (the instance behind it
 * still believes its client is there, as when a balancer or a network path between them fails).
 */
import { connect, createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface Forwarder {
  readonly port: number;
  /** New connections go to `port` from now on; open ones stay where they are. */
  setTarget(port: number): void;
  /** Closes the client side of every open connection; the upstream side stays open (its data is discarded). */
  dropClients(): void;
  close(): Promise<void>;
}

interface Link {
  client: Socket;
  upstream: Socket;
}

export async function startForwarder(target: number): Promise<Forwarder> {
  let current = target;
  const links = new Set<Link>();
  const orphans = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(current, '127.0.0.1');
    const link = { client, upstream };
    links.add(link);
    client.pipe(upstream);
    upstream.pipe(client);
    const end = (): void => {
      if (!links.delete(link)) return;
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end);
    upstream.on('close', end);
    client.on('error', end);
    upstream.on('error', end);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    setTarget(port: number) {
      current = port;
    },
    dropClients() {
      for (const link of [...links]) {
        links.delete(link);
        link.upstream.unpipe(link.client);
        link.client.unpipe(link.upstream);
        link.upstream.resume(); // keeps reading (and discarding) what the instance sends
        orphans.add(link.upstream);
        link.upstream.once('close', () => orphans.delete(link.upstream));
        link.client.destroy();
      }
    },
    close() {
      for (const link of links) {
        link.client.destroy();
        link.upstream.destroy();
      }
      links.clear();
      for (const socket of orphans) socket.destroy();
      orphans.clear();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
