/** Registered clients, by id. A client keeps its id and token; its socket may be replaced on reconnect. */
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import type { PeerInfo } from './events.js';
import { srcSuffixFor } from './protocol.js';

export class Client {
  readonly srcSuffix: string;
  /** `srcSuffix` in UTF-8, made on the first relayed frame (an idle client never needs it). */
  private srcSuffixUtf8: Buffer | null = null;
  socket: WebSocket;
  /** The TCP (or TLS) socket under `socket`, for coalescing writes. */
  wire: Duplex;
  remote: string;
  connectedAt: number;
  lastSeen: number;
  /** True while the realm holds this client under its id (false once kicked, timed out or gone). */
  registered = false;
  /** The directory's generation of this client's claim (0 on a single instance). */
  generation = 0;
  messagesIn = 0;
  messagesOut = 0;
  bytesIn = 0;
  bytesOut = 0;
  /** Start of the current one-second window of invalid frames, and how many came in it. */
  invalidWindowStart = 0;
  invalidInWindow = 0;
  /** When this client was last sent an EXPIRE for each absent id (null: none recently). */
  expireTold: Map<string, number> | null = null;

  constructor(
    readonly id: string,
    readonly token: string,
    socket: WebSocket,
    wire: Duplex,
    remote: string,
    now: number,
  ) {
    this.srcSuffix = srcSuffixFor(id);
    this.socket = socket;
    this.wire = wire;
    this.remote = remote;
    this.connectedAt = now;
    this.lastSeen = now;
  }

  /** The tail spliced into the frames this client sends (`srcSuffix`), as UTF-8 bytes. */
  srcSuffixBytes(): Buffer {
    return (this.srcSuffixUtf8 ??= Buffer.from(this.srcSuffix));
  }

  info(pendingOut: number): PeerInfo {
    return {
      id: this.id,
      remote: this.remote,
      connectedAt: this.connectedAt,
      lastSeen: this.lastSeen,
      messagesIn: this.messagesIn,
      messagesOut: this.messagesOut,
      bytesIn: this.bytesIn,
      bytesOut: this.bytesOut,
      pendingOut,
    };
  }
}

export class Realm {
  private readonly clients = new Map<string, Client>();

  get size(): number {
    return this.clients.size;
  }

  get(id: string): Client | undefined {
    return this.clients.get(id);
  }

  add(client: Client): void {
    this.clients.set(client.id, client);
    client.registered = true;
  }

  /** Unregisters `client` if it is still the one holding its id. */
  remove(client: Client): boolean {
    if (this.clients.get(client.id) !== client) return false;
    this.clients.delete(client.id);
    client.registered = false;
    return true;
  }

  ids(): string[] {
    return [...this.clients.keys()];
  }

  all(): IterableIterator<Client> {
    return this.clients.values();
  }

  clear(): void {
    for (const client of this.clients.values()) client.registered = false;
    this.clients.clear();
  }

  /** A fresh id no connected client holds. */
  generateId(generate: () => string): string {
    let id = generate();
    for (let i = 0; this.clients.has(id) && i < 1000; i += 1) id = generate();
    return id;
  }
}
