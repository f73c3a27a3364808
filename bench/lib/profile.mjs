/** Summarises a V8 .cpuprofile (node --cpu-prof): self time per function, the heaviest first. */
import { readFileSync } from 'node:fs';
import path from 'node:path';

export function topSelfTime(file, limit = 25, root = process.cwd()) {
  const prof = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const selfUs = new Map();
  for (let i = 0; i < prof.samples.length; i++) {
    const id = prof.samples[i];
    selfUs.set(id, (selfUs.get(id) ?? 0) + (prof.timeDeltas[i] ?? 0));
  }
  const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
  const agg = new Map();
  for (const [id, us] of selfUs) {
    const cf = byId.get(id).callFrame;
    let where = cf.url ? cf.url.replace(/^file:\/\//, '') : '';
    if (where.startsWith(root)) where = path.relative(root, where);
    const key = `${cf.functionName || '(anonymous)'} ${where ? `${where}:${cf.lineNumber + 1}` : ''}`.trim();
    agg.set(key, (agg.get(key) ?? 0) + us);
  }
  const rows = [...agg.entries()].sort((a, b) => b[1] - a[1]).slice(0, limit);
  return { totalMs: total / 1000, rows: rows.map(([fn, us]) => ({ fn, ms: us / 1000, pct: (us / total) * 100 })) };
}

export function profileMarkdown(file, summary) {
  const lines = [`Top self time in ${path.basename(file)} (total ${summary.totalMs.toFixed(0)} ms sampled):`, '', '| self % | self ms | function |', '|---:|---:|---|'];
  for (const r of summary.rows) lines.push(`| ${r.pct.toFixed(1)} | ${r.ms.toFixed(0)} | \`${r.fn}\` |`);
  return lines.join('\n');
}
