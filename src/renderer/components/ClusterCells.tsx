/** Which instance holds a peer, in the Peers table and the inspector (cluster mode only). */
import { Fragment } from 'react';
import { holderOf, instanceLabel, selfPeerLabel } from '../lib/cluster.js';
import { SERVER } from '../lib/rows.js';
import { useMeta, useSelect } from '../state/hooks.js';

/**
 * The Instance cell of a peer connected here: this instance's label. A primitive selector, so cells
 * re-render only when the label changes, not on every batch.
 */
export function InstanceCell() {
  const label = useSelect((s) => selfPeerLabel(s.getMeta().cluster));
  return label === null ? null : (
    <span className="truncate mono" title={`${label}: the instance this dashboard belongs to`} data-testid="peer-instance">
      {label}
    </span>
  );
}

/** Inspector facts: which instance holds the row's sender and receiver (nothing outside cluster mode). */
export function ClusterFacts({ ids }: { ids: readonly string[] }) {
  const meta = useMeta();
  const view = meta.cluster;
  if (!view) return null;
  const here = new Set(meta.peers.map((p) => p.id));
  const shown = [...new Set(ids.filter((id) => id && id !== '—' && id !== SERVER))];
  return (
    <>
      {shown.map((id) => {
        const h = holderOf(view, id, (x) => here.has(x));
        const text = h.kind === 'here' ? `${h.instance ? instanceLabel(h.instance) : view.instance} (this one)` : h.kind === 'other' ? instanceLabel(h.instance) : 'not held by any instance now';
        return (
          <Fragment key={id}>
            <dt>
              Instance of <span className="mono">{id}</span>
            </dt>
            <dd data-testid="inspector-instance" data-peer={id}>
              {text}
            </dd>
          </Fragment>
        );
      })}
    </>
  );
}
