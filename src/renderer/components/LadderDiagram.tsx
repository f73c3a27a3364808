import { formatRelative } from '../lib/format.js';
import type { Flow, Lane } from '../lib/ladder.js';

export const STEP_H = 34;
export const TOP = 54;
const TIME_W = 84;
const LANE_GAP = 290;
const LANE_X: Record<Lane, number> = { a: TIME_W + 70, server: TIME_W + 70 + LANE_GAP, b: TIME_W + 70 + 2 * LANE_GAP };
const WIDTH = LANE_X.b + 90;

/** A sequence diagram of one negotiation: peer A, the server, peer B; one arrow per hop. */
export function LadderDiagram({ flow, selectedSeq = null, onSelect }: { flow: Flow; selectedSeq?: number | null; onSelect?: (seq: number) => void }) {
  const height = TOP + flow.steps.length * STEP_H + 24;
  const lanes: { lane: Lane; name: string }[] = [
    { lane: 'a', name: flow.a },
    { lane: 'server', name: 'Switchboard' },
    { lane: 'b', name: flow.b },
  ];
  return (
    <svg
      className="ladder"
      viewBox={`0 0 ${WIDTH} ${height}`}
      width={WIDTH}
      height={height}
      role="img"
      aria-label={`Ladder of ${flow.a} and ${flow.b}: ${flow.steps.map((s) => s.type).join(', ')}`}
      data-testid="ladder"
    >
      {lanes.map(({ lane, name }) => (
        <g key={lane}>
          <rect className={`lane-head lane-${lane}`} x={LANE_X[lane] - 80} y={8} width={160} height={28} rx={6} />
          <text className="lane-name" x={LANE_X[lane]} y={27} textAnchor="middle">
            {name.length > 22 ? `${name.slice(0, 21)}…` : name}
          </text>
          <line className="lane-line" x1={LANE_X[lane]} x2={LANE_X[lane]} y1={36} y2={height - 8} />
        </g>
      ))}
      {flow.steps.map((s, i) => {
        const y = TOP + i * STEP_H + 14;
        const x1 = LANE_X[s.from];
        const x2 = LANE_X[s.to];
        const cls = `step step-${s.type.toLowerCase()}`;
        const note = s.from === s.to;
        const dir = x2 >= x1 ? 1 : -1;
        return (
          <g
            key={`${s.seq}-${i}`}
            className={`${cls} ${s.seq === selectedSeq ? 'step-selected' : ''}`}
            data-step={s.type}
            data-seq={s.seq}
            onClick={onSelect ? () => onSelect(s.seq) : undefined}
          >
            <rect className="step-hit" x={0} y={y - STEP_H / 2} width={WIDTH} height={STEP_H} />
            <text className="step-time" x={8} y={y + 4}>
              {formatRelative(s.rel)}
            </text>
            {note ? (
              <>
                <rect className="step-note" x={x1 - 150} y={y - 11} width={300} height={20} rx={4} />
                <text className="step-note-text" x={x1} y={y + 3} textAnchor="middle">
                  {s.label.length > 40 ? `${s.label.slice(0, 39)}…` : s.label}
                </text>
              </>
            ) : (
              <>
                <line className="step-line" x1={x1} x2={x2 - dir * 6} y1={y} y2={y} />
                <polygon className="step-head" points={`${x2},${y} ${x2 - dir * 9},${y - 5} ${x2 - dir * 9},${y + 5}`} />
                <text className="step-label" x={(x1 + x2) / 2} y={y - 6} textAnchor="middle">
                  <tspan className="step-type">{s.type}</tspan>
                  {s.label ? <tspan className="step-detail"> {s.label.length > 34 ? `${s.label.slice(0, 33)}…` : s.label}</tspan> : null}
                </text>
              </>
            )}
          </g>
        );
      })}
    </svg>
  );
}
