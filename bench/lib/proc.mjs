/** Reading a process's CPU time and memory from /proc (Linux only), as the benchmark measures servers. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

let clockTicks = 0;

/** Clock ticks per second of /proc/<pid>/stat's utime and stime (usually 100). */
export function clockTicksPerSecond() {
  if (clockTicks === 0) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

/** utime + stime of the process, in microseconds (resolution 1 / CLK_TCK). */
export function cpuMicros(pid, ticksPerSecond = clockTicksPerSecond()) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Field 2 (comm) may contain spaces and parentheses: split after the last ')'.
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // rest[0] is field 3 (state), so utime (field 14) is rest[11] and stime (field 15) is rest[12].
  const ticks = Number(rest[11]) + Number(rest[12]);
  return (ticks * 1e6) / ticksPerSecond;
}

/** VmRSS of the process in bytes. */
export function rssBytes(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  if (!m) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Number(m[1]) * 1024;
}

/** Machine facts for the report. */
export function machineInfo() {
  let cpuModel = 'unknown';
  try {
    const m = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (m) cpuModel = m[1].trim();
  } catch {
    // not Linux: keep 'unknown'
  }
  let nproc = 0;
  try {
    nproc = Number(execFileSync('nproc', { encoding: 'utf8' }).trim());
  } catch {
    nproc = 0;
  }
  let memTotal = 0;
  try {
    const m = /^MemTotal:\s+(\d+) kB/m.exec(readFileSync('/proc/meminfo', 'utf8'));
    if (m) memTotal = Number(m[1]) * 1024;
  } catch {
    memTotal = 0;
  }
  return { nproc, cpuModel, node: process.version, memTotal, platform: `${process.platform} ${process.arch}` };
}
