import { localDate } from "../clock.js";
import type { AlternativeChannel } from "../documents/schemas.js";
import { byCode, type Group } from "../roster/group-repository.js";
import { GROUP_PREFIX, GROUP_STATS_PREFIX, groupPk, groupsPk, STUDENT_PREFIX } from "../roster/keys.js";
import {
  byStudentName,
  isStudying,
  type Student,
  type StudentItem,
  studentView,
} from "../roster/student-repository.js";
import type { Services } from "../services.js";
import { needsAdultConfirmation } from "../students/rules.js";
import { type RequestItem, requestView } from "./consent-request-repository.js";
import { REQUEST_PREFIX } from "./keys.js";
import { ALTERNATIVE_KEYS } from "./schemas.js";
import { addCounts, countStatuses, countsFromStats, EMPTY_COUNTS, type GroupCounts } from "./stats.js";
import { type ConsentRequest, type ConsentStatus, statusOf } from "./types.js";

export interface ConsentRow {
  student: Student;
  request?: ConsentRequest;
  status: ConsentStatus;
  /** A parent decided while the student was a minor; the student is now of age (students/rules.ts). */
  needsAdultConfirmation: boolean;
}

export interface GroupDashboard {
  group: Group;
  today: string;
  rows: ConsentRow[];
  counts: GroupCounts;
  /** How many refusing parents chose each alternative of clause 1.8. */
  alternatives: Record<AlternativeChannel, number>;
  /** «Нужно подтверждение совершеннолетнего»: rows whose parent's decision awaits the adult student. */
  adultConfirmation: number;
}

export interface OverviewRow {
  group: Group;
  counts: GroupCounts;
  /** «Нужно подтверждение совершеннолетнего», computed on read (see adultConfirmationCount). */
  adultConfirmation: number;
}

export interface CollegeOverview {
  today: string;
  groups: OverviewRow[];
  totals: GroupCounts;
  adultConfirmation: number;
}

const today = (services: Services) => localDate(services.now(), services.config.timeZone);

/**
 * A group's consent picture from ONE query of the group's partition (students and their
 * requests); counts are computed from the requests themselves.
 */
export async function groupDashboard(services: Services, group: Group): Promise<GroupDashboard> {
  const items = await services.db.queryPartition<Record<string, unknown> & { sk: string }>(
    groupPk(services.config.orgId, group.groupId),
  );
  const students: Student[] = [];
  const requests = new Map<string, ConsentRequest>();
  for (const item of items) {
    if (item.sk.startsWith(STUDENT_PREFIX)) {
      // Students who left (expelled, graduated, on academic leave) are out of the dashboards and lists.
      const student = studentView(item as unknown as StudentItem);
      if (isStudying(student)) students.push(student);
    } else if (item.sk.startsWith(REQUEST_PREFIX)) {
      const request = requestView(item as unknown as RequestItem);
      requests.set(request.studentId, request);
    }
  }
  const day = today(services);
  const rows = students.sort(byStudentName).map((student) => {
    const request = requests.get(student.studentId);
    return {
      student,
      request,
      status: request ? statusOf(request, day) : ("revoked" as const),
      needsAdultConfirmation: request ? needsAdultConfirmation(student, request, day) : false,
    };
  });
  const alternatives = Object.fromEntries(ALTERNATIVE_KEYS.map((k) => [k, 0])) as Record<
    AlternativeChannel,
    number
  >;
  for (const r of rows) {
    if (r.status === "refused") for (const a of r.request?.decision?.alternatives ?? []) alternatives[a]++;
  }
  return {
    group,
    today: day,
    rows,
    counts: countStatuses(rows.map((r) => r.status)),
    alternatives,
    adultConfirmation: rows.filter((r) => r.needsAdultConfirmation).length,
  };
}

/**
 * Every visible group with its counters from ONE query of the groups partition (group records and
 * their STATS items, kept current by each change's transaction): constant work per group however
 * many students the college has.
 */
export async function collegeOverview(
  services: Services,
  visible: (group: Group) => boolean,
  /** true: also count «нужно подтверждение совершеннолетнего» (a query per group, see adultConfirmationCount). */
  opts: { adultConfirmation?: boolean } = {},
): Promise<CollegeOverview> {
  const items = await services.db.queryPartition<Record<string, unknown> & { sk: string }>(
    groupsPk(services.config.orgId),
  );
  const day = today(services);
  const stats = new Map<string, Record<string, unknown>>();
  const groups: Group[] = [];
  for (const item of items) {
    if (item.sk.startsWith(GROUP_STATS_PREFIX)) stats.set(item.sk.slice(GROUP_STATS_PREFIX.length), item);
    else if (item.sk.startsWith(GROUP_PREFIX)) {
      const { pk: _pk, sk: _sk, entity: _e, ...group } = item;
      groups.push({
        ...(group as unknown as Group),
        classTeacherIds: (group.classTeacherIds as string[]) ?? [],
      });
    }
  }
  const shown = groups.filter(visible).sort(byCode);
  const adult =
    opts.adultConfirmation !== true
      ? shown.map(() => 0)
      : await mapLimited(shown, OVERVIEW_CONCURRENCY, (g) => adultConfirmationCount(services, g, day));
  const rows = shown.map((group, i) => ({
    group,
    counts: countsFromStats(stats.get(group.groupId), day),
    adultConfirmation: adult[i]!,
  }));
  return {
    today: day,
    groups: rows,
    totals: rows.reduce((t, r) => addCounts(t, r.counts), { ...EMPTY_COUNTS }),
    adultConfirmation: adult.reduce((a, b) => a + b, 0),
  };
}

/** Group partitions read at once for the overview's adult-confirmation counts. */
const OVERVIEW_CONCURRENCY = 16;

async function mapLimited<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/**
 * «Нужно подтверждение совершеннолетнего» of one group on `day`, from its records. It changes with
 * birthdays, not with writes, so it cannot be a stored counter like the others (a counter per
 * 18th birthday would have to follow every import's date change, transfer and leaving); it is
 * computed on read: one query of the group's partition fetching only the few attributes the rule
 * needs (docs/students.md).
 */
export async function adultConfirmationCount(services: Services, group: Group, day: string): Promise<number> {
  const items = await services.db.query<{
    sk: string;
    studentId?: string;
    birthDate?: string;
    enrolment?: unknown;
    leftAt?: string;
    decision?: { decidedAt: string };
  }>({
    KeyConditionExpression: "pk = :pk",
    ExpressionAttributeValues: { ":pk": groupPk(services.config.orgId, group.groupId) },
    ProjectionExpression: "sk, studentId, birthDate, enrolment, leftAt, #d.decidedAt",
    ExpressionAttributeNames: { "#d": "decision" },
  });
  const births = new Map<string, string>();
  for (const item of items)
    if (item.sk.startsWith(STUDENT_PREFIX) && item.birthDate && item.studentId && !item.enrolment)
      births.set(item.studentId, item.birthDate);
  let count = 0;
  for (const item of items) {
    if (!item.sk.startsWith(REQUEST_PREFIX) || item.leftAt || !item.decision || !item.studentId) continue;
    const birthDate = births.get(item.studentId);
    if (birthDate && needsAdultConfirmation({ birthDate }, { decision: item.decision as never }, day))
      count++;
  }
  return count;
}
