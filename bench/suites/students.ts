import type { ParsedRow } from "@soglasie/core/roster/csv";
import { importRoster, previewRoster } from "@soglasie/core/roster/import";
import { leaveStudent } from "@soglasie/core/students/movement";
import { collegeRoster } from "../../test/support/college.js";
import type { BenchContext } from "../lib/context.js";
import { cpuDuring } from "../lib/proc.js";
import { type Metric, summarize } from "../lib/stats.js";

/**
 * Issue 15: a re-import of 2 000 students in which 100 change groups and 50 are missing from the file,
 * and the preview of that import. An import does not make anyone leave (docs/students.md: a file does not
 * say why or on what basis): the 50 are reported «нет в файле» and left as they are; their leaving is
 * measured apart, as 50 separate decisions (leave_50_students). Each run starts from a fresh table
 * holding the first import.
 */
const STUDENTS = 2000;
const TRANSFERS = 100;
const LEAVING = 50;
const RUNS = 3;
const SYSTEM = { type: "system", id: "bench" } as const;

/** A distinct date of birth per student (2007–2010), so name + date recognise everyone. */
const birthDate = (i: number) => {
  const d = new Date(Date.UTC(2007, 0, 1) + i * 86_400_000 * 0.7);
  return `${String(d.getUTCDate()).padStart(2, "0")}.${String(d.getUTCMonth() + 1).padStart(2, "0")}.${d.getUTCFullYear()}`;
};

export async function studentsSuite(ctx: BenchContext): Promise<Metric[]> {
  const base = collegeRoster(STUDENTS).map((r, i) => ({ ...r, birthDate: birthDate(i) }));
  const groups = [...new Set(base.map((r) => r.group))];
  // Every 20th student moves to the next group; 50 others, spread over the groups, are not in the new file.
  const moved = new Set(Array.from({ length: TRANSFERS }, (_, k) => k * 20));
  const leaving = new Set(Array.from({ length: LEAVING }, (_, k) => k * 40 + 7));
  const next = base
    .map((r, i) =>
      moved.has(i) ? { ...r, group: groups[(groups.indexOf(r.group) + 1) % groups.length]! } : r,
    )
    .filter((_, i) => !leaving.has(i));
  const rows = (list: typeof base): ParsedRow[] =>
    list.map((r, i) => ({
      row: i + 2,
      values: { group: r.group, student: r.student, parent: r.parent, birthDate: r.birthDate },
    }));

  const importMs: number[] = [];
  const previewMs: number[] = [];
  const leaveMs: number[] = [];
  const cpu = { self: 0, dynamodb: 0 };
  const previewCpu = { self: 0, dynamodb: 0 };
  let note = "";
  for (let run = 0; run < RUNS; run++) {
    const services = await ctx.freshServices(`students-${run}`);
    const first = await importRoster(services, rows(base), SYSTEM, { createGroups: true });
    if (first.imported !== STUDENTS) throw new Error(`first import: ${JSON.stringify(first).slice(0, 300)}`);

    let t0 = performance.now();
    const { value: preview, cpu: previewUsed } = await cpuDuring({ dynamodb: ctx.dynamoPid }, () =>
      previewRoster(services, rows(next), { createGroups: true }),
    );
    previewMs.push(performance.now() - t0);
    previewCpu.self += previewUsed.self ?? 0;
    previewCpu.dynamodb += previewUsed.dynamodb ?? 0;

    t0 = performance.now();
    const { value: result, cpu: used } = await cpuDuring({ dynamodb: ctx.dynamoPid }, () =>
      importRoster(services, rows(next), SYSTEM, { createGroups: true }),
    );
    importMs.push(performance.now() - t0);
    cpu.self += used.self ?? 0;
    cpu.dynamodb += used.dynamodb ?? 0;
    if (
      result.transferred !== TRANSFERS ||
      preview.transferred.length !== TRANSFERS ||
      result.absent.length !== LEAVING
    )
      throw new Error(
        `re-import: ${JSON.stringify({ ...result, absent: result.absent.length }).slice(0, 300)}`,
      );
    note = `transferred ${result.transferred}, unchanged ${result.unchanged}, not in the file ${result.absent.length}, ambiguous ${result.ambiguous.length}`;

    // The 50 leavings themselves: a decision each (kind and basis), not something a file says.
    t0 = performance.now();
    const queue = [...result.absent];
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        for (let a = queue.shift(); a; a = queue.shift())
          await leaveStudent(services, { studentId: a.studentId, kind: "expelled", basis: "bench" }, SYSTEM);
      }),
    );
    leaveMs.push(performance.now() - t0);
  }
  return [
    summarize(
      "reimport_2000_100_transfers",
      "ms",
      importMs,
      `in process: re-import of 2 000 − 50 rows (the 50 are reported, not changed), ${note}; CPU per run: importer ${Math.round(cpu.self / RUNS)} ms, DynamoDB Local ${Math.round(cpu.dynamodb / RUNS)} ms; target ≤ 5 000`,
    ),
    summarize(
      "reimport_preview_2000",
      "ms",
      previewMs,
      `the same file's preview, writes nothing; CPU per run: previewer ${Math.round(previewCpu.self / RUNS)} ms, DynamoDB Local ${Math.round(previewCpu.dynamodb / RUNS)} ms; target ≤ 2 000`,
    ),
    summarize(
      "leave_50_students",
      "ms",
      leaveMs,
      "the 50 students missing from the file, expelled one by one, 4 at a time",
    ),
  ];
}
