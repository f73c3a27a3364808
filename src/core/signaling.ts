/**
 * The signaling engine: admits WebSockets, routes frames between registered clients, queues for absent
 * ids, and sweeps for silent clients and expired messages. Transport-agnostic above the WebSocket:
 * `server.ts` (and `embed.ts`) feed it upgraded sockets.
 */
import type { IncomingMessage } from 'node:http';
import type { SignalingObservable } from './api.js';
import type { Duplex } from 'node:stream';
import type { RawData, WebSocket } from 'ws';
import { Inflow, Turns, type InflowLimits } from './budget.js';
import { WriteCoalescer } from './coalesce.js';
import type { CloseReason, MessageTypeName, PeerInfo, ProtocolErrorCode, RefuseReason, ServerStats } from './events.js';
import { MessageType, maskHint } from './events.js';
import type { SignalingOptions } from './options.js';
import {
  ErrorText,
  HEARTBEAT_TEXT,
  ID_TAKEN_TEXT,
  OPEN_TEXT,
  errorText,
  expireText,
  isPlainHeartbeat,
  isValidId,
  parseClientFrame,
  relayBytes,
  relayText,
  type ParsedFrame,
} from './protocol.js';
import { MessageQueues, pairShare, type ExpiredPair } from './queue.js';
import { screenUpgrade, type UpgradeRefusal } from './refusals.js';
import { cutUnread, feedInSlices } from './cut.js';
import { holdReads, releaseReads } from './hold-reads.js';
import { Client, Realm } from './realm.js';
import { LocalBus, LocalDirectory, type Bus, type ClaimVerdict, type Directory, type QueuedFrame, type RouteResult, type SeamHost } from './seam.js';
import { Stats } from './stats.js';
import { Tap } from './tap.js';

/** WebSocket close codes the server uses. */
export const CloseCode = {
  NORMAL: 1000,
  GOING_AWAY: 1001,
  POLICY: 1008,
  TOO_BIG: 1009,
  /** Private-use codes for closes a client may want to tell apart. */
  REPLACED: 4000,
  TIMEOUT: 4001,
  KICKED: 4002,
  TOO_SLOW: 4003,
} as const;

/**
 * Invalid frames one client may send per second before it is closed with 1008 (reason `invalid-frames`).
 * A PeerJS client sends none; each is dropped without a reply and costs the server little, so this only
 * ends a client that does nothing else.
 * @default 50
 */
export const MAX_INVALID_FRAMES_PER_SECOND = 50;

/** The slice of options the engine needs. */
export type EngineOptions = Pick<
  SignalingOptions,
  | 'key'
  | 'expire_timeout'
  | 'alive_timeout'
  | 'concurrent_limit'
  | 'proxied'
  | 'max_queue'
  | 'max_queued_bytes'
  | 'max_buffered'
  | 'validate_ids'
  | 'history'
  | 'cors'
  | 'max_frame_rate'
  | 'max_byte_rate'
  | 'flood_timeout'
>;

/** How long a socket closed for a policy breach gets for the close frame to leave before it is cut. */
const POLICY_CLOSE_GRACE_MS = 1000;

/** ws options for sending a Buffer as a text frame. */
const TEXT_FRAME = { binary: false } as const;

export class SignalingEngine {
  readonly realm = new Realm();
  readonly queues: MessageQueues;
  readonly tap: Tap;
  readonly stats = new Stats();
  private readonly closeReasons = new WeakMap<WebSocket, CloseReason>();
  /** Each bound socket's fair-share gate (budget.ts), to stop it when the socket is closed for a policy breach. */
  private readonly inflows = new WeakMap<WebSocket, Inflow>();
  /** Each bound socket's TCP connection, to cut it without parsing what it sent after a policy close. */
  private readonly wires = new WeakMap<WebSocket, Duplex>();
  private readonly sockets = new Set<WebSocket>();
  private readonly coalescer = new WriteCoalescer();
  /** Frames from other instances: held to the end of the event-loop iteration (coalesce.ts). */
  private readonly iterationCoalescer = new WriteCoalescer((fn) => setImmediate(fn));
  /** A frame turn is one I/O callback (process.nextTick): a per-turn setImmediate made a starved server poll without blocking and relay in smaller batches (docs/benchmarks.md). */
  private readonly turns = new Turns(process.nextTick);
  private readonly inflowLimits: InflowLimits;
  private sweepTimer: NodeJS.Timeout | null = null;
  /** Who holds ids beyond this engine, and how frames reach them (see seam.ts). In-memory by default. */
  directory: Directory;
  bus: Bus;

  constructor(private readonly options: EngineOptions) {
    this.queues = new MessageQueues({ maxPerId: options.max_queue, maxBytes: options.max_queued_bytes, maxPerPair: pairShare(options.max_queue) });
    this.tap = new Tap(options.history);
    this.inflowLimits = {
      frameRate: options.max_frame_rate,
      byteRate: options.max_byte_rate,
      floodTimeout: options.flood_timeout,
    };
    this.directory = new LocalDirectory(this.realm);
    this.bus = new LocalBus(this.queues);
  }

  /** Plugs in another directory and bus (a cluster); call before open(). */
  useSeam(directory: Directory, bus: Bus): void {
    this.directory = directory;
    this.bus = bus;
  }

  /** Starts the sweeps; called when the server starts listening. */
  open(): void {
    this.stats.reset(Date.now());
    this.tap.reset();
    const interval = Math.min(500, Math.max(20, Math.floor(Math.min(this.options.expire_timeout, this.options.alive_timeout) / 10)));
    this.sweepTimer = setInterval(() => {
      try {
        this.sweep(Date.now());
      } catch (err) {
        // A bug in a sweep must not take the server down; the next sweep tries again.
        process.emitWarning(`Switchboard sweep failed: ${String(err)}`, 'SwitchboardWarning');
      }
    }, interval);
    this.sweepTimer.unref();
  }

  /** Closes every socket, clears every timer and queue. */
  close(): void {
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    this.sweepTimer = null;
    for (const ws of this.sockets) {
      this.closeReasons.set(ws, 'server-stop');
      ws.close(CloseCode.GOING_AWAY, 'Server stopped');
    }
  }

  /** Forcibly ends sockets that did not finish their closing handshake; forgets all state. */
  terminate(): void {
    for (const ws of this.sockets) ws.terminate();
    this.sockets.clear();
    this.realm.clear();
    this.bus.clear();
  }

  /** Holds what is written to `socket` until the next tick, then sends it in one write (coalesce.ts). */
  holdWrites(socket: Duplex): void {
    this.coalescer.hold(socket);
  }

  get socketCount(): number {
    return this.sockets.size;
  }

  // --- admission --------------------------------------------------------------------------------

  /**
   * Checks an upgrade request before it is upgraded: a duplicated `id`, `token` or `key` (400), or an Origin
   * off the `cors` allow-list (403). Returns the refusal to answer over HTTP (counted and reported), or null.
   */
  screen(req: IncomingMessage): UpgradeRefusal | null {
    const refusal = screenUpgrade(req, this.options.cors);
    if (refusal === null) return null;
    this.stats.refusedTotal += 1;
    if (this.tap.active) this.tap.emit({ kind: 'connection-refused', id: refusal.id, remote: this.remoteOf(req), reason: refusal.reason, msg: refusal.msg });
    return refusal;
  }

  /**
   * Takes an upgraded WebSocket for `<path>/peerjs?key=&id=&token=`. Never throws: should admitting it
   * fail unexpectedly, that one socket is cut and the server goes on.
   */
  accept(ws: WebSocket, req: IncomingMessage): void {
    try {
      this.handshake(ws, req);
    } catch (err) {
      process.emitWarning(`Switchboard could not admit a connection: ${String(err)}`, 'SwitchboardWarning');
      ws.terminate();
    }
  }

  /** The connect-time checks in the reference's order, then the claim of the id. */
  private handshake(ws: WebSocket, req: IncomingMessage): void {
    this.sockets.add(ws);
    ws.on('error', (err: Error & { code?: string }) => {
      if (err.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') this.closeReasons.set(ws, 'too-large');
    });
    const remote = this.remoteOf(req);
    const query = new URL(req.url ?? '/', 'http://x').searchParams;
    const id = query.get('id');
    const token = query.get('token');
    const key = query.get('key');

    if (!id || !token || !key) return this.refuse(ws, id, remote, 'missing-params', ErrorText.INVALID_WS_PARAMETERS);
    if (key !== this.options.key) return this.refuse(ws, id, remote, 'invalid-key', ErrorText.INVALID_KEY, undefined, maskHint(key));
    if (this.options.validate_ids && !isValidId(id)) return this.refuse(ws, id, remote, 'invalid-id', ErrorText.INVALID_ID);

    const now = Date.now();
    const existing = this.realm.get(id);
    if (existing) {
      if (existing.token !== token) return this.refuse(ws, id, remote, 'id-taken', ErrorText.ID_TAKEN, ID_TAKEN_TEXT);
      this.takeOver(existing, ws, req.socket, remote, now);
      return;
    }
    if (this.realm.size >= this.options.concurrent_limit) {
      return this.refuse(ws, id, remote, 'concurrent-limit', ErrorText.CONNECTION_LIMIT_EXCEED);
    }
    const verdict = this.directory.claim(id, token);
    if (verdict instanceof Promise) return this.admitLater(ws, req, id, token, remote, verdict);
    this.admit(ws, req, id, token, remote, now, verdict);
  }

  /** Registers a client once the directory answered its claim. */
  private admit(ws: WebSocket, req: IncomingMessage, id: string, token: string, remote: string, now: number, verdict: ClaimVerdict): void {
    if (!verdict.ok) return this.refuse(ws, id, remote, 'id-taken', ErrorText.ID_TAKEN, ID_TAKEN_TEXT);
    const client = new Client(id, token, ws, req.socket, remote, now);
    client.generation = verdict.generation;
    this.realm.add(client);
    this.stats.connectionsTotal += 1;
    if (this.realm.size > this.stats.peakPeers) this.stats.peakPeers = this.realm.size;
    this.bind(client, ws);
    if (this.tap.active) this.tap.emit({ kind: 'connection-opened', id, remote, reconnect: false });
    this.send(client, OPEN_TEXT, MessageType.OPEN, null);
    for (const m of verdict.queued) this.send(client, m.text, m.type, m.src);
    this.flushQueue(client);
  }

  /**
   * A claim the directory answers later (another instance may hold the id): frames the socket sends
   * meanwhile are kept and handled after OPEN, in order; a socket closed meanwhile releases its claim.
   */
  private admitLater(ws: WebSocket, req: IncomingMessage, id: string, token: string, remote: string, pending: Promise<ClaimVerdict>): void {
    const early: [Buffer, boolean][] = [];
    const hold = (data: RawData, isBinary: boolean): void => {
      early.push([data as Buffer, isBinary]);
    };
    ws.on('message', hold);
    const settle = (verdict: ClaimVerdict): void => {
      // Runs in a promise callback: nothing may escape it (an unhandled rejection), as in accept().
      try {
        this.settleClaim(ws, req, id, token, remote, verdict, early, hold);
      } catch (err) {
        process.emitWarning(`Switchboard could not admit a connection: ${String(err)}`, 'SwitchboardWarning');
        ws.terminate();
      }
    };
    // A directory that cannot answer grants the id here (it re-registers it when it can).
    pending.then(settle, () => settle({ ok: true, generation: 0, queued: [] }));
  }

  private settleClaim(
    ws: WebSocket,
    req: IncomingMessage,
    id: string,
    token: string,
    remote: string,
    verdict: ClaimVerdict,
    early: readonly [Buffer, boolean][],
    hold: (data: RawData, isBinary: boolean) => void,
  ): void {
    ws.off('message', hold);
    if (ws.readyState !== ws.OPEN) {
      this.sockets.delete(ws);
      if (verdict.ok) this.directory.release(id, verdict.generation);
      return;
    }
    const existing = this.realm.get(id);
    if (existing && verdict.ok && existing.token === token) {
      existing.generation = Math.max(existing.generation, verdict.generation);
      this.takeOver(existing, ws, req.socket, remote, Date.now());
    } else if (existing) {
      return this.refuse(ws, id, remote, 'id-taken', ErrorText.ID_TAKEN, ID_TAKEN_TEXT);
    } else {
      this.admit(ws, req, id, token, remote, Date.now(), verdict);
    }
    // The frames it sent while waiting go through its gate like any other (budget, per-frame guard).
    const inflow = this.realm.get(id)?.socket === ws ? this.inflows.get(ws) : undefined;
    if (inflow) for (const [data, isBinary] of early) inflow.push(data, isBinary);
  }

  private refuse(ws: WebSocket, id: string | null, remote: string, reason: RefuseReason, msg: string, text = errorText(msg), tried?: string): void {
    this.stats.refusedTotal += 1;
    const type = reason === 'id-taken' ? MessageType.ID_TAKEN : MessageType.ERROR;
    this.stats.messagesOut[type] += 1;
    this.stats.bytesOut += text.length;
    if (this.tap.active) {
      this.tap.emit({ kind: 'connection-refused', id, remote, reason, msg, ...(tried === undefined ? {} : { tried }) });
      this.tap.frameOut(id, type, null, text.length, text);
    }
    ws.on('close', () => this.sockets.delete(ws));
    ws.send(text);
    ws.close(CloseCode.POLICY, msg);
  }

  /** The same id and token again while registered: the new socket takes over, the old one is closed. */
  private takeOver(client: Client, ws: WebSocket, wire: Duplex, remote: string, now: number): void {
    const old = client.socket;
    this.closeReasons.set(old, 'replaced');
    client.socket = ws;
    client.wire = wire;
    client.remote = remote;
    client.connectedAt = now;
    client.lastSeen = now;
    this.bind(client, ws);
    if (this.tap.active) this.tap.emit({ kind: 'connection-opened', id: client.id, remote, reconnect: true });
    old.close(CloseCode.REPLACED, 'Replaced by a new connection');
    this.send(client, OPEN_TEXT, MessageType.OPEN, null);
    this.flushQueue(client);
  }

  private bind(client: Client, ws: WebSocket): void {
    const wire = client.wire; // this socket's TCP connection (client.wire moves on at a takeover)
    // Frames pass through the socket's fair share (budget.ts) before they are handled.
    // Paused, the socket also stops reading (hold-reads.ts): no read waits in its buffer meanwhile.
    const pausable = {
      pause: () => {
        ws.pause();
        holdReads(wire);
      },
      resume: () => {
        releaseReads(wire);
        ws.resume();
      },
    };
    const inflow = new Inflow(
      pausable,
      this.inflowLimits,
      this.turns,
      (data, isBinary) => {
        // No frame may escape into the event loop (that would end the process, and every client with it).
        try {
          this.receive(client, ws, data, isBinary);
        } catch (err) {
          this.frameFailed(client, ws, err);
        }
      },
      () => this.closeForPolicy(client, ws, 'flooding', 'Flooding: over the frames/s or bytes/s budget for too long'),
    );
    this.inflows.set(ws, inflow);
    this.wires.set(ws, wire);
    // Once the gate is closed (a policy close), the rest of a read is not even parsed (cut.ts).
    feedInSlices(wire, () => inflow.stopped);
    ws.on('message', inflow.push as (data: RawData, isBinary: boolean) => void);
    ws.on('close', (code: number) => {
      inflow.close();
      this.onClose(client, ws, code);
    });
  }

  /**
   * A client that broke a rule of fair use (kept flooding over its budget, or kept sending invalid frames):
   * unregistered and closed with 1008. It is not read any more, so whatever it keeps sending costs nothing;
   * its TCP connection ends once the close frame had time to leave.
   */
  private closeForPolicy(client: Client, ws: WebSocket, reason: 'flooding' | 'invalid-frames', text: string): void {
    if (client.socket === ws) this.unregister(client);
    this.closeReasons.set(ws, reason);
    ws.close(CloseCode.POLICY, text);
    // Nothing it sent is handled any more, and its socket stays paused (the gate would resume it after a drain).
    this.inflows.get(ws)?.close();
    ws.pause();
    const wire = this.wires.get(ws);
    const timer = setTimeout(() => (wire ? cutUnread(ws, wire) : ws.terminate()), POLICY_CLOSE_GRACE_MS);
    timer.unref();
    ws.once('close', () => clearTimeout(timer));
  }

  private onClose(client: Client, ws: WebSocket, wsCode: number): void {
    this.sockets.delete(ws);
    const reason = this.closeReasons.get(ws) ?? (wsCode === CloseCode.TOO_BIG ? 'too-large' : 'client');
    // A socket closed for a policy breach is cut without its reply being read (cut.ts), so ws reports 1006:
    // the code that says what happened is the one the server sent.
    const code = reason === 'flooding' || reason === 'invalid-frames' ? CloseCode.POLICY : wsCode;
    // A replaced socket closing never unregisters the client that took over.
    if (client.socket === ws) this.unregister(client);
    if (this.tap.active) this.tap.emit({ kind: 'connection-closed', id: client.id, reason, code });
  }

  private remoteOf(req: IncomingMessage): string {
    if (this.options.proxied) {
      const fwd = req.headers['x-forwarded-for'];
      const first = (Array.isArray(fwd) ? fwd[0] : fwd)?.split(',')[0]?.trim();
      if (first) return first;
    }
    return req.socket.remoteAddress ?? 'unknown';
  }

  // --- frames -----------------------------------------------------------------------------------

  private receive(client: Client, ws: WebSocket, data: Buffer, isBinary: boolean): void {
    // A frame on a socket that was replaced is from a stale connection, and one from a client already
    // unregistered (kicked, timed out) whose closing handshake is still pending is too: ignore it.
    if (client.socket !== ws || !client.registered) return;
    const size = data.length;
    // One clock read per turn, not per frame (Date.now() costs ~0.1 µs on some VMs).
    client.lastSeen = this.turns.clock();
    client.messagesIn += 1;
    client.bytesIn += size;
    this.stats.bytesIn += size;
    if (isPlainHeartbeat(data)) {
      // What a PeerJS client sends every 5 s: a sign of life, known valid without decoding or parsing it.
      this.stats.messagesIn.HEARTBEAT += 1;
      if (this.tap.active) this.tap.frameIn(client.id, MessageType.HEARTBEAT, null, size, data, HEARTBEAT_TEXT);
      return;
    }
    // ws hands text and binary frames over as one Buffer (binaryType 'nodebuffer'); both are read as text.
    const text = data.toString();
    const frame = parseClientFrame(text);
    if (this.tap.active) this.tap.frameIn(client.id, frame.type, frame.ok ? frame.dst : null, size, data, text);
    if (!frame.ok) return this.dropFrame(client, ws, frame.code, frame.msg);
    this.stats.messagesIn[frame.type] += 1;
    switch (frame.type) {
      case 'HEARTBEAT':
        return; // a sign of life, already recorded
      case 'LEAVE':
        if (frame.dst === null) return; // never unregisters a sender whose socket is open
        return this.relay(client, text, isBinary ? null : data, frame);
      default:
        return this.relay(client, text, isBinary ? null : data, frame);
    }
  }

  /**
   * OFFER, ANSWER, CANDIDATE, LEAVE, EXPIRE from a client: to `dst` now, to its queue, or dropped.
   * `data` is the frame's bytes when it came as a text frame (ws checked its UTF-8): then the relayed
   * frame is spliced from them directly. A binary frame (null here) is relayed from its decoded text,
   * so whatever bytes a client sends, its peer only ever gets valid UTF-8.
   */
  private relay(sender: Client, text: string, data: Buffer | null, frame: ParsedFrame): void {
    const dst = frame.dst as string;
    const target = this.realm.get(dst);
    if (target) {
      const bytes =
        data !== null
          ? relayBytes(data, frame, sender.srcSuffixBytes(), sender.id)
          : Buffer.from(relayText(text, frame, sender.srcSuffix, sender.id));
      // A frame listener gets the relayed text spliced from the decoded text (no decoding of `bytes`).
      const tapText = this.tap.frameOutListening ? relayText(text, frame, sender.srcSuffix, sender.id) : null;
      this.send(target, bytes, frame.type, sender.id, tapText);
      return;
    }
    // Not held here: the bus queues it, drops it, or hands it to the instance holding `dst`.
    const result = this.bus.route(
      sender.id,
      dst,
      frame.type,
      () => relayText(text, frame, sender.srcSuffix, sender.id),
      Date.now(),
      data !== null ? () => relayBytes(data, frame, sender.srcSuffixBytes(), sender.id) : undefined,
    );
    if (result !== null) this.routed(sender.id, dst, frame.type, result);
  }

  /**
   * Counts and reports what the bus did with a frame. A message that cannot be delivered (a queue cap, or
   * superseded by the same sender's newer message) earns its sender an EXPIRE, never an ERROR (fatal to PeerJS).
   */
  private routed(src: string, dst: string, type: MessageTypeName, result: RouteResult): void {
    if (result.kind === 'queued') {
      this.stats.queuedTotal += 1;
      if (this.tap.active) this.tap.messageQueued(src, dst, type, result.depth);
      if (result.superseded === null) return;
      // The pair's share was full: its oldest message made room and will never be delivered.
      this.stats.droppedTotal += 1;
      if (this.tap.active) this.tap.messageDropped(src, dst, result.superseded, 'superseded');
      this.expireTo(src, dst, Date.now());
      return;
    }
    // Dropped: LEAVE/EXPIRE for nobody are only counted; a queue cap means the message cannot be delivered,
    // which is what EXPIRE says.
    this.stats.droppedTotal += 1;
    if (this.tap.active) this.tap.messageDropped(src, dst, type, result.reason);
    if (result.reason !== 'no-destination') this.expireTo(src, dst, Date.now());
  }

  /**
   * Tells `src` (if it is registered here) that its messages to the absent `dst` will not be delivered: an
   * EXPIRE (PeerJS turns it into a non-fatal `peer-unavailable`), at most once per (sender, dst) pair per
   * `expire_timeout`, whether the messages were refused by a queue cap, superseded, or timed out.
   */
  private expireTo(src: string, dst: string, now: number): void {
    const sender = this.realm.get(src);
    if (!sender) return;
    let told = sender.expireTold;
    const last = told?.get(dst);
    if (last !== undefined && now - last < this.options.expire_timeout) return;
    if (told === null) told = sender.expireTold = new Map();
    told.set(dst, now);
    this.send(sender, expireText(dst, sender.id), MessageType.EXPIRE, dst);
  }

  /**
   * THE place where a client's frame is dropped without being handled: invalid (`code` from the parser) or
   * failed (`internal`). Nothing is sent back; the frame is counted and reported with its reason, and a
   * client that does nothing but send invalid frames is closed with 1008. (A per-client budget can charge
   * dropped frames here.)
   */
  private dropFrame(client: Client, ws: WebSocket, code: ProtocolErrorCode, msg: string): void {
    this.stats.errorsTotal += 1;
    if (code !== 'internal') this.stats.malformedTotal += 1;
    if (this.tap.active) this.tap.emit({ kind: 'protocol-error', peer: client.id, code, msg });
    const now = this.turns.clock();
    if (now - client.invalidWindowStart >= 1000) {
      client.invalidWindowStart = now;
      client.invalidInWindow = 0;
    }
    client.invalidInWindow += 1;
    if (client.invalidInWindow > MAX_INVALID_FRAMES_PER_SECOND && client.socket === ws && client.registered) {
      this.closeForPolicy(client, ws, 'invalid-frames', 'Too many invalid frames');
    }
  }

  /** Handling a frame threw (a bug on our side): drop that frame, report it, keep the socket and the server. */
  private frameFailed(client: Client, ws: WebSocket, err: unknown): void {
    const what = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    try {
      this.dropFrame(client, ws, 'internal', `Frame dropped: handling it failed (${what.slice(0, 200)})`);
    } catch {
      // Even reporting failed: cut this one socket rather than let anything escape.
      ws.terminate();
    }
  }

  /**
   * Sends one text frame to a registered client, counting it and reporting it to the tap. `payload` is
   * its text, or its UTF-8 bytes (relayed frames, which ws then sends without another copy).
   */
  private send(client: Client, payload: string | Buffer, type: MessageTypeName, src: string | null, tapText: string | null = null): void {
    const size = payload.length;
    client.messagesOut += 1;
    client.bytesOut += size;
    this.stats.messagesOut[type] += 1;
    this.stats.bytesOut += size;
    if (this.tap.active) this.tap.frameOut(client.id, type, src, size, payload, tapText);
    const socket = client.socket;
    this.coalescer.hold(client.wire);
    socket.send(payload, TEXT_FRAME);
    if (socket.bufferedAmount > this.options.max_buffered) this.dropSlow(client, socket);
  }

  /** A client that stopped reading: unregister it and cut its socket, so its backlog is freed. */
  private dropSlow(client: Client, socket: WebSocket): void {
    this.unregister(client);
    this.closeReasons.set(socket, 'too-slow');
    socket.close(CloseCode.TOO_SLOW, 'Too slow: not reading its socket');
    socket.terminate();
  }

  private flushQueue(client: Client): void {
    for (const m of this.bus.take(client.id)) this.send(client, m.text, m.type, m.src);
  }

  /** Unregisters `client` here and, if it still held its id, in the directory. */
  private unregister(client: Client): void {
    if (this.realm.remove(client)) this.directory.release(client.id, client.generation);
  }

  // --- sweeps -----------------------------------------------------------------------------------

  /** One pass for silent clients and expired messages (one timer for the whole server). */
  sweep(now: number): void {
    const alive = this.options.alive_timeout;
    for (const client of this.realm.all()) {
      if (client.expireTold !== null) this.forgetTold(client, now);
      if (now - client.lastSeen < alive) continue;
      this.unregister(client);
      this.closeReasons.set(client.socket, 'timeout');
      client.socket.close(CloseCode.TIMEOUT, 'No sign of life');
    }
    for (const pair of this.bus.expire(now, this.options.expire_timeout)) this.expired(pair);
  }

  /** Frames from `pair.src` to `pair.dst` expired (wherever they waited): its sender, if here, is told. */
  private expired(pair: ExpiredPair): void {
    this.stats.expiredTotal += pair.count;
    if (this.tap.active) this.tap.emit({ kind: 'message-expired', src: pair.src, dst: pair.dst, count: pair.count });
    this.expireTo(pair.src, pair.dst, Date.now());
  }

  /** Forgets the EXPIREs told to `client` longer than `expire_timeout` ago (so the bookkeeping stays small). */
  private forgetTold(client: Client, now: number): void {
    const told = client.expireTold as Map<string, number>;
    for (const [dst, at] of told) if (now - at >= this.options.expire_timeout) told.delete(dst);
    if (told.size === 0) client.expireTold = null;
  }

  // --- observation --------------------------------------------------------------------------------

  disconnect(id: string): boolean {
    const client = this.realm.get(id);
    if (!client) return false;
    this.unregister(client);
    this.closeReasons.set(client.socket, 'kicked');
    client.socket.close(CloseCode.KICKED, 'Disconnected by the server operator');
    return true;
  }

  peers(): PeerInfo[] {
    const out: PeerInfo[] = [];
    for (const client of this.realm.all()) out.push(client.info(this.bus.pendingFrom(client.id)));
    return out;
  }

  statsSnapshot(): ServerStats {
    return this.stats.snapshot(this.realm.size, this.bus.count, this.bus.bytes);
  }

  // --- the seam's calls back into the engine ----------------------------------------------------------

  /** What a multi-instance directory/bus may ask of this engine (see seam.ts). */
  host(): SeamHost {
    return {
      deliver: (dst: string, frames: readonly QueuedFrame[]) => {
        const client = this.realm.get(dst);
        if (!client) return false;
        for (const m of frames) this.send(client, m.text, m.type, m.src);
        return true;
      },
      relay: (dst: string, src: string, type: MessageTypeName, payload: Buffer) => {
        const client = this.realm.get(dst);
        if (!client) return false;
        this.iterationCoalescer.hold(client.wire);
        this.send(client, payload, type, src);
        return true;
      },
      replaced: (id: string, generation: number) => {
        const client = this.realm.get(id);
        if (!client || client.generation >= generation) return;
        this.realm.remove(client); // the directory already names the new holder: no release
        this.closeReasons.set(client.socket, 'replaced');
        client.socket.close(CloseCode.REPLACED, 'Replaced by a new connection');
      },
      expired: (pair: ExpiredPair) => this.expired(pair),
      routed: (src: string, dst: string, type: MessageTypeName, result: RouteResult) => this.routed(src, dst, type, result),
      clients: () => this.realm.all(),
      status: (status, detail) => {
        if (this.tap.active) this.tap.emit({ kind: 'cluster-status', status, detail });
      },
    };
  }
}

/** The observation API of an engine (peers, stats, events), shared by the standalone and embedded servers. */
export function observe(engine: SignalingEngine): SignalingObservable {
  const history = engine.tap.history;
  return {
    peers: () => engine.peers(),
    stats: () => engine.statsSnapshot(),
    recentEvents: () => history?.toArray() ?? [],
    eventsSince: (afterSeq, max) => history?.since(afterSeq, max) ?? { events: [], skipped: 0, lastSeq: afterSeq },
    on: (kind, listener) => engine.tap.on(kind, listener),
    disconnect: (id) => engine.disconnect(id),
  };
}
