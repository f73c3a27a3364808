/**
 * Multi-instance mode (option `cluster: { redis }`, CLI `--redis <url>`): loaded by the server only when
 * that option is set, so a single instance never loads ioredis.
 */
import type { SignalingOptions } from '../options.js';
import type { SignalingEngine } from '../signaling.js';
import { LocalBus, LocalDirectory } from '../seam.js';
import { ClusterNode } from './node.js';

export { ClusterNode, type ClusterConfig, type ClusterInstance, type ClusterState, type ClusterStatus } from './node.js';
export type { ClusterView } from './view.js';

export interface JoinedCluster {
  readonly node: ClusterNode;
  /** Frees this instance's ids in Redis, disconnects, and puts the engine back on its in-memory seam. */
  leave(engine: SignalingEngine): Promise<void>;
}

/**
 * Plugs a ClusterNode into the engine as its directory and bus. Resolves once Redis answered, or at
 * once in degraded mode when it cannot be reached (the node keeps trying).
 */
export async function joinCluster(engine: SignalingEngine, options: SignalingOptions, about: string): Promise<JoinedCluster> {
  const config = options.cluster as NonNullable<SignalingOptions['cluster']>;
  const node = new ClusterNode(config, {
    key: options.key,
    max_queue: options.max_queue,
    max_queued_bytes: options.max_queued_bytes,
    expire_timeout: options.expire_timeout,
    about,
  });
  engine.useSeam(node, node);
  node.metrics.source = {
    clients: () => engine.realm.size,
    delivered: () => {
      const out = engine.statsSnapshot().messagesOut;
      return out.OFFER + out.ANSWER + out.CANDIDATE + out.LEAVE;
    },
  };
  await node.start(engine.host());
  return {
    node,
    async leave(target: SignalingEngine) {
      await node.close();
      target.useSeam(new LocalDirectory(target.realm), new LocalBus(target.queues));
    },
  };
}
