/** Small statistics helpers: medians, percentiles, a bounded latency recorder. */

export function median(values) {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  const mid = v.length >> 1;
  return v.length % 2 === 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

export function min(values) {
  const v = values.filter((x) => Number.isFinite(x));
  return v.length === 0 ? NaN : Math.min(...v);
}

export function max(values) {
  const v = values.filter((x) => Number.isFinite(x));
  return v.length === 0 ? NaN : Math.max(...v);
}

/**
 * Records latency samples (ms) into a preallocated buffer; beyond its capacity it keeps every k-th sample
 * (a deterministic thinning, so the percentiles stay representative and memory stays bounded).
 */
export class LatencyRecorder {
  constructor(capacity = 1 << 20) {
    this.samples = new Float64Array(capacity);
    this.count = 0;
    this.seen = 0;
    this.stride = 1;
  }

  add(ms) {
    this.seen++;
    if (this.seen % this.stride !== 0) return;
    if (this.count === this.samples.length) {
      // Halve: keep every other sample and double the stride.
      for (let i = 0; i < this.count / 2; i++) this.samples[i] = this.samples[i * 2];
      this.count >>= 1;
      this.stride *= 2;
    }
    this.samples[this.count++] = ms;
  }

  /** Percentile (0–100) by nearest rank; NaN when empty. */
  percentiles(ps) {
    const sorted = this.samples.slice(0, this.count).sort();
    const out = {};
    for (const p of ps) {
      out[`p${p}`] = sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
    }
    return out;
  }
}
