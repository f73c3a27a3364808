/** Zeroed counters, for when no server instance exists yet (nothing started since launch). */
export { emptyStats } from '../core/stats.js';
