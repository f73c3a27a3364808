import { useEffect, useRef } from 'react';
import uPlot from 'uplot';

function clock(seconds: number): string {
  const d = new Date(seconds * 1000);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}:${String(d.getSeconds()).padStart(2, '0')}`;
}

/** 950, 12k, 1.5M: y-axis labels that fit whatever the rate. */
export function compact(n: number): string {
  const abs = Math.abs(n);
  if (abs >= 1e6) return `${+(n / 1e6).toFixed(abs >= 1e7 ? 0 : 1)}M`;
  if (abs >= 1e4) return `${+(n / 1e3).toFixed(0)}k`;
  if (abs >= 1e3) return `${+(n / 1e3).toFixed(1)}k`;
  return String(+n.toFixed(2));
}

export interface ChartSeries {
  label: string;
  color: string;
  values: number[];
}

/** A live time chart (uPlot: canvas, fast with many points). x in seconds since the epoch. */
const INTEGER_STEPS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 20_000, 50_000, 100_000];

export function TimeChart({ title, t, series, version, integer = false }: { title: string; t: number[]; series: ChartSeries[]; version: number; integer?: boolean }) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const labels = series.map((s) => s.label).join('|');

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const opts: uPlot.Options = {
      width: Math.max(200, el.clientWidth),
      height: 190,
      legend: { show: true, live: false },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(1, max * 1.15)] } },
      axes: [
        { stroke: 'currentColor', values: (_u, splits) => splits.map(clock), grid: { stroke: 'rgba(128,128,128,0.15)' }, ticks: { stroke: 'rgba(128,128,128,0.3)' } },
        {
          stroke: 'currentColor',
          grid: { stroke: 'rgba(128,128,128,0.15)' },
          ticks: { stroke: 'rgba(128,128,128,0.3)' },
          // Compact labels (12k, 1.5M) and an axis as wide as its longest label: never clipped.
          values: (_u, splits) => splits.map(compact),
          size: (_u, values) => 18 + 7 * Math.max(2, ...(values ?? []).map((v) => String(v).length)),
          ...(integer ? { incrs: INTEGER_STEPS } : {}),
        },
      ],
      series: [{}, ...series.map((s) => ({ label: s.label, stroke: s.color, width: 2, points: { show: false } }))],
    };
    const chart = new uPlot(opts, [[], ...series.map(() => [])], el);
    plot.current = chart;
    const observer = new ResizeObserver(() => chart.setSize({ width: Math.max(200, el.clientWidth), height: 190 }));
    observer.observe(el);
    return () => {
      observer.disconnect();
      chart.destroy();
      plot.current = null;
    };
    // Rebuilt only when the set of series changes.
  }, [labels]);

  useEffect(() => {
    plot.current?.setData([t, ...series.map((s) => s.values)]);
  }, [version, t, series]);

  return (
    <figure className="chart card">
      <figcaption>{title}</figcaption>
      <div ref={host} className="chart-host" role="img" aria-label={`${title} chart`} />
    </figure>
  );
}
