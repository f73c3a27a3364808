/** Turns the benchmark's raw runs into the Markdown summary (docs/benchmarks.md). */
import { max, median, min } from './stats.mjs';

function fmtNum(v, digits = 0) {
  if (!Number.isFinite(v)) return '–';
  return v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function fmtRatio(v) {
  return Number.isFinite(v) ? `${v.toFixed(2)}×` : '–';
}

/** Per-round values of `figure` for a variant: runs[round] → value. */
function values(scenarioRuns, variantId, key) {
  return scenarioRuns
    .filter((r) => r.variant === variantId && r.figures)
    .map((r) => r.figures[key])
    .filter((v) => Number.isFinite(v));
}

/** Ratios of variant to reference per round (only rounds where both ran). */
export function ratios(scenarioRuns, variantId, referenceId, key) {
  const out = [];
  const rounds = new Set(scenarioRuns.map((r) => r.round));
  for (const round of rounds) {
    const a = scenarioRuns.find((r) => r.round === round && r.variant === variantId && r.figures);
    const b = scenarioRuns.find((r) => r.round === round && r.variant === referenceId && r.figures);
    if (a && b) out.push(a.figures[key] / b.figures[key]);
  }
  return out;
}

function cell(vals, digits) {
  if (vals.length === 0) return '–';
  if (vals.length === 1) return fmtNum(vals[0], digits);
  return `${fmtNum(median(vals), digits)} (${fmtNum(min(vals), digits)}–${fmtNum(max(vals), digits)})`;
}

function ratioCell(rs) {
  if (rs.length === 0) return '–';
  const per = rs.map((r) => r.toFixed(2)).join(', ');
  return `**${fmtRatio(median(rs))}** (${per})`;
}

/** One scenario's table: a row per figure, a column per variant, then ratios to the reference. */
export function scenarioTable(scenario, runs, serverNames) {
  const variants = scenario.variants.map((v) => v.id).filter((id) => runs.some((r) => r.variant === id));
  // Without the reference, a before/after run (--servers A,A0) is compared with the build before.
  const reference = !variants.includes(scenario.reference) && variants.includes('A0') ? 'A0' : scenario.reference;
  const others = variants.filter((id) => id !== reference);
  const name = (id) => serverNames[id] ?? id;
  const lines = [];
  lines.push(`#### ${scenario.title}`, '');
  lines.push(
    `| figure | ${variants.map(name).join(' | ')} | ${others.map((id) => `${id}/${reference} per round`).join(' | ')} |`,
  );
  lines.push(`|---|${variants.map(() => '---:').join('|')}|${others.map(() => '---').join('|')}|`);
  for (const f of scenario.figures) {
    const row = variants.map((id) => cell(values(runs, id, f.key), f.digits));
    if (row.every((c) => c === '–')) continue;
    const rs = others.map((id) => (f.better ? ratioCell(ratios(runs, id, reference, f.key)) : ''));
    lines.push(`| ${f.label}${f.unit ? ` (${f.unit})` : ''} | ${row.join(' | ')} | ${rs.join(' | ')} |`);
  }
  const failures = runs.filter((r) => r.error || r.warning);
  for (const r of failures) lines.push('', `> round ${r.round + 1}, ${name(r.variant)}: ${r.error ?? r.warning}`);
  lines.push('');
  return lines.join('\n');
}

/** The targets of issue 5, checked against this run. */
export function targetRows(allRuns) {
  const by = (id) => allRuns[id] ?? [];
  const medRatio = (sid, key) => median(ratios(by(sid), 'A', 'B', key));
  const medA = (sid, key) => median(values(by(sid), 'A', key));
  const rows = [
    { figure: 'relayed msgs/s (1)', target: '≥ 1.6× ref', value: medRatio('relay', 'msgsPerSec'), pass: (v) => v >= 1.6, ratio: true },
    { figure: 'server CPU µs per message (1)', target: '≤ 0.6× ref', value: medRatio('relay', 'serverCpuUsPerMsg'), pass: (v) => v <= 0.6, ratio: true },
    { figure: 'handshakes/s (2)', target: '≥ 1.6× ref', value: medRatio('handshake', 'handshakesPerSec'), pass: (v) => v >= 1.6, ratio: true },
    { figure: 'relay p99 latency (1)', target: '≤ 0.7× ref', value: medRatio('relay', 'p99Ms'), pass: (v) => v <= 0.7, ratio: true },
    { figure: 'handshake p99 latency (2)', target: '≤ 0.7× ref', value: medRatio('handshake', 'p99Ms'), pass: (v) => v <= 0.7, ratio: true },
    { figure: 'RSS per idle connection at 10k (3)', target: '≤ 6 KiB', value: medA('idle', 'rssPerConn'), pass: (v) => v <= 6 * 1024, unit: 'B' },
    { figure: 'heap growth per churned connection (4)', target: '≤ 50 B', value: medA('churn', 'heapGrowthPerConn'), pass: (v) => v <= 50, unit: 'B' },
    {
      figure: 'relay msgs/s, dashboard subscribed vs not (5)',
      target: '≥ 0.85×',
      value: median(ratios(by('dashboard'), 'subscribed', 'unsubscribed', 'msgsPerSec')),
      pass: (v) => v >= 0.85,
      ratio: true,
    },
  ];
  const lines = ['| figure | target | this run | |', '|---|---|---:|---|'];
  for (const r of rows) {
    if (!Number.isFinite(r.value)) {
      lines.push(`| ${r.figure} | ${r.target} | not measured | – |`);
      continue;
    }
    const shown = r.ratio ? fmtRatio(r.value) : `${fmtNum(r.value, r.value < 100 ? 1 : 0)} ${r.unit}`;
    lines.push(`| ${r.figure} | ${r.target} | ${shown} | ${r.pass(r.value) ? 'pass' : '**FAIL**'} |`);
  }
  return lines.join('\n');
}

export function markdown({ machine, command, startedAt, seconds, rounds, scenarios, runs, serverNames, notes }) {
  const out = [];
  out.push('## Latest run', '');
  out.push(
    'Generated by `npm run bench` (bench/run.mjs). Every server runs as its own process on 127.0.0.1; the load ' +
      'generators run in separate processes and report their own CPU. Servers are measured in alternating ' +
      'rounds (A, B, C, A, B, C, …); each cell is the median over rounds with min–max in parentheses, and ' +
      'ratios are taken per round against the reference measured in the same round (the figures that count ' +
      'on a shared, noisy machine). Server CPU is utime+stime from /proc/<pid>/stat of the server process, ' +
      'RSS is VmRSS from /proc/<pid>/status, JS heap is heapUsed after two full GCs (node --expose-gc, ' +
      'requested over IPC by the bench/probe.mjs preload).',
    '',
  );
  out.push('### Machine and run', '');
  out.push(`- ${machine.nproc} CPUs, ${machine.cpuModel}, ${(machine.memTotal / 2 ** 30).toFixed(1)} GiB RAM, ${machine.platform}`);
  out.push(`- Node ${machine.node}; ws ${machine.ws}; reference \`peer\` ${machine.peer}`);
  out.push(`- started ${startedAt}, took ${Math.round(seconds)} s, ${rounds} round(s)`);
  out.push(`- command: \`${command}\``);
  out.push(`- servers: ${Object.entries(serverNames).map(([k, v]) => `${k} = ${v}`).join(', ')}`);
  out.push('');
  out.push('### Targets (issue 5; ratios are medians of the per-round ratios Switchboard / peer 1.0.2)', '');
  out.push(targetRows(runs), '');
  out.push('### Scenarios', '');
  for (const s of scenarios) {
    if (!runs[s.id]) continue;
    out.push(scenarioTable(s, runs[s.id], serverNames));
  }
  if (notes.length > 0) {
    out.push('### Notes', '');
    for (const n of notes) out.push(`- ${n}`);
    out.push('');
  }
  return out.join('\n');
}
