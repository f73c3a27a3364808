/** Links between the dashboard's views: a problem to its traffic row or flow, an arrow to its frame. */
import type { TrafficFilter } from './filters.js';

export type NavigateTo =
  /** The traffic list, optionally narrowed, with the row of event `seq` selected. */
  | { view: 'traffic'; filter?: Partial<TrafficFilter>; seq?: number }
  /** The Flows view with negotiation `key` (or the newest) and the hop of event `seq` selected. */
  | { view: 'flows'; key: string | null; seq?: number; pair?: readonly [string, string] };

export type Navigate = (to: NavigateTo) => void;
