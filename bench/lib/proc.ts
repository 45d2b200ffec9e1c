import { readFileSync } from "node:fs";

/** Linux clock ticks per second (USER_HZ; 100 on every mainstream kernel configuration). */
const TICKS_PER_SECOND = 100;

/** CPU time (user + system, ms) used so far by process `pid`; undefined when it cannot be read. */
export function cpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    // Fields after the parenthesised command name: state is field 3, utime 14, stime 15.
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND) * 1000;
  } catch {
    return undefined;
  }
}

/** CPU time of this process (ms). */
export const selfCpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** CPU used by each named process while `fn` runs, in ms. */
export async function cpuDuring<T>(
  pids: Record<string, number | undefined>,
  fn: () => Promise<T>,
): Promise<{ value: T; cpu: Record<string, number> }> {
  const before = Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, cpuMs(pid)]));
  const self0 = selfCpuMs();
  const value = await fn();
  const cpu: Record<string, number> = { self: selfCpuMs() - self0 };
  for (const [k, pid] of Object.entries(pids)) {
    const a = before[k];
    const b = cpuMs(pid);
    if (a !== undefined && b !== undefined) cpu[k] = b - a;
  }
  return { value, cpu };
}
