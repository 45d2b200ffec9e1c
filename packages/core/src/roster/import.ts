import type { Actor, AuditEventInput } from "../audit/types.js";
import { ConsentRequestRepository } from "../consent/consent-request-repository.js";
import { StatsDelta } from "../consent/stats.js";
import { ConflictError, fieldErrorsFromZod } from "../errors.js";
import { newId } from "../ids.js";
import type { Services } from "../services.js";
import type { TxItem } from "../storage/database.js";
import { COLUMN_LABELS, type ParsedRow, parseRoster, type RosterColumn } from "./csv.js";
import { type Group, GroupRepository } from "./group-repository.js";
import { groupPk, STUDENT_PREFIX, studentKey } from "./keys.js";
import { displayGroupCode, displayName, groupCodeKey, nameKey } from "./normalize.js";
import { type RosterRow, rosterRowSchema } from "./schemas.js";
import type { Student, StudentItem } from "./student-repository.js";

export interface RowError {
  row: number;
  reason: string;
}

export interface ImportResult {
  /** Students added (each got a consent request and a personal link). */
  imported: number;
  /** Students whose data changed (parent, phone, email); case and «ё» alone are no change. */
  updated: number;
  unchanged: number;
  rejected: RowError[];
  /** Codes of groups created by this import. */
  groupsCreated: string[];
}

/** Who may import what: administrators everything, class teachers only their own groups. */
export interface ImportScope {
  /** Groups the actor may change; undefined = every group. */
  groupIds?: ReadonlySet<string>;
  /** Unknown group codes create groups (administrators only). */
  createGroups: boolean;
}

/**
 * Items per transaction: a new student writes 2 (the student, keyed by name, and the consent
 * request with its link), a changed student 1; the group's counters, the audit event and the
 * chain head take 3 more of the 100.
 */
const TX_BUDGET = 96;
const GROUP_CONCURRENCY = 4;

type Progress = (done: number, total: number) => void;

type ResolvedGroup = { group: Group; create?: TxItem[] };

type Planned =
  | { kind: "create"; row: number; data: RosterRow }
  | { kind: "update"; row: number; data: RosterRow; current: StudentItem };

/**
 * Imports a roster. Every row is validated on its own: bad rows are reported with their line
 * number and reason and nothing of them is stored; good rows are written. A student is identified
 * inside a group by the normalised full name, so re-importing a file changes nothing and a changed
 * row (another parent, a new phone) updates the record instead of creating a second student.
 *
 * Writes go in transactions of up to 48 new students, with one audit event per transaction that
 * lists the student ids: an event per student would take a third of every batch (events are
 * written in the same transaction) without telling more, since audit details carry no personal data.
 */
export function importRosterCsv(
  services: Services,
  bytes: Uint8Array,
  actor: Actor,
  scope: ImportScope,
  onProgress?: Progress,
): Promise<ImportResult> {
  return importRoster(services, parseRoster(bytes).rows, actor, scope, onProgress);
}

/** `importRosterCsv` for rows already read (the demo seed, the CLI with its progress bar). */
export async function importRoster(
  services: Services,
  rows: ParsedRow[],
  actor: Actor,
  scope: ImportScope,
  onProgress?: Progress,
): Promise<ImportResult> {
  const result: ImportResult = { imported: 0, updated: 0, unchanged: 0, rejected: [], groupsCreated: [] };
  const total = rows.length;
  let done = 0;
  const progress = (n: number) => {
    done += n;
    onProgress?.(done, total);
  };

  // 1. Validate each row; collect good rows per group; reject repeats of a student in the file.
  const byGroup = new Map<string, Array<{ row: number; data: RosterRow }>>();
  const seen = new Map<string, number>();
  for (const { row, values } of rows) {
    const parsed = rosterRowSchema.safeParse(values);
    if (!parsed.success) {
      result.rejected.push({ row, reason: describeIssues(parsed.error.issues) });
      progress(1);
      continue;
    }
    const data = {
      ...parsed.data,
      group: displayGroupCode(parsed.data.group),
      student: displayName(parsed.data.student),
      parent: displayName(parsed.data.parent),
    };
    const key = `${groupCodeKey(data.group)}|${nameKey(data.student)}`;
    const first = seen.get(key);
    if (first !== undefined) {
      result.rejected.push({
        row,
        reason: `Обучающийся ${data.student} группы ${data.group} уже указан в строке ${first}`,
      });
      progress(1);
      continue;
    }
    seen.set(key, row);
    const codeKey = groupCodeKey(data.group);
    if (!byGroup.has(codeKey)) byGroup.set(codeKey, []);
    byGroup.get(codeKey)!.push({ row, data });
  }

  // 2. Each group: find it (or plan its creation), check access, then write its rows in batches.
  const queue = [...byGroup.values()];
  const worker = async () => {
    for (let rowsOfGroup = queue.shift(); rowsOfGroup; rowsOfGroup = queue.shift()) {
      const code = rowsOfGroup[0]!.data.group;
      const resolved = await resolveGroup(services, code, scope);
      if (typeof resolved === "string") {
        for (const r of rowsOfGroup) result.rejected.push({ row: r.row, reason: resolved });
        progress(rowsOfGroup.length);
        continue;
      }
      await importGroup(services, resolved, rowsOfGroup, actor, scope, result, progress);
    }
  };
  await Promise.all(Array.from({ length: Math.min(GROUP_CONCURRENCY, queue.length) }, worker));
  result.rejected.sort((a, b) => a.row - b.row);
  return result;
}

/** The group (or the plan to create it with the first batch), or the reason its rows are refused. */
async function resolveGroup(
  services: Services,
  code: string,
  scope: ImportScope,
): Promise<ResolvedGroup | string> {
  const existing = await new GroupRepository(services).findByCode(code, true);
  if (existing) {
    if (scope.groupIds && !scope.groupIds.has(existing.groupId)) {
      return `Нет доступа к группе ${existing.code}: классный руководитель загружает списки только своих групп`;
    }
    return { group: existing };
  }
  if (!scope.createGroups) {
    return `Группа ${code} не найдена. Новые группы добавляет администратор ИКОП «Сферум»`;
  }
  const { group, items } = new GroupRepository(services).newGroupItems(code);
  return { group, create: items };
}

async function importGroup(
  services: Services,
  resolved: ResolvedGroup,
  rows: Array<{ row: number; data: RosterRow }>,
  actor: Actor,
  scope: ImportScope,
  result: ImportResult,
  progress: (n: number) => void,
): Promise<void> {
  let { group, create } = resolved;
  const committed = new Set<number>();
  for (let attempt = 0; ; attempt++) {
    const existing = create
      ? new Map<string, StudentItem>()
      : await existingStudents(services, group.groupId);
    const plans: Planned[] = [];
    for (const r of rows) {
      if (committed.has(r.row)) continue;
      const current = existing.get(nameKey(r.data.student));
      if (!current) plans.push({ kind: "create", row: r.row, data: r.data });
      else if (changed(current, r.data)) plans.push({ kind: "update", row: r.row, data: r.data, current });
      else {
        committed.add(r.row);
        result.unchanged++;
        progress(1);
      }
    }
    try {
      // A new group is created in the transaction of its first batch (3 of the budget: 2 items, 1 event).
      for (const batch of batches(plans, create ? 3 : 0)) {
        await writeBatch(services, group, batch, actor, create);
        if (create) {
          result.groupsCreated.push(group.code);
          create = undefined;
        }
        for (const p of batch) {
          committed.add(p.row);
          if (p.kind === "create") result.imported++;
          else result.updated++;
        }
        progress(batch.length);
      }
      return;
    } catch (error) {
      if (!(error instanceof ConflictError) || error.code === "busy" || attempt >= 3) throw error;
      if (create && error.code === "group_exists") {
        // Another import created the group meanwhile: use that one.
        const again = await resolveGroup(services, group.code, scope);
        if (typeof again === "string") {
          for (const r of rows)
            if (!committed.has(r.row)) result.rejected.push({ row: r.row, reason: again });
          progress(rows.length - committed.size);
          return;
        }
        ({ group, create } = again);
      }
      // Otherwise someone changed the same students meanwhile: re-read and redo the rest.
    }
  }
}

async function existingStudents(services: Services, groupId: string): Promise<Map<string, StudentItem>> {
  const items = await services.db.query<StudentItem & { studentId: string }>({
    KeyConditionExpression: "pk = :pk AND begins_with(sk, :sk)",
    ExpressionAttributeValues: {
      ":pk": groupPk(services.config.orgId, groupId),
      ":sk": STUDENT_PREFIX,
    },
    ConsistentRead: true,
  });
  return new Map(items.map((s) => [s.nameKey, s]));
}

async function writeBatch(
  services: Services,
  group: Group,
  batch: Planned[],
  actor: Actor,
  createGroup?: TxItem[],
): Promise<void> {
  const orgId = services.config.orgId;
  const now = services.now().toISOString();
  const items: TxItem[] = [...(createGroup ?? [])];
  const stats = new StatsDelta();
  const created: string[] = [];
  const updated: string[] = [];
  for (const plan of batch) {
    if (plan.kind === "create") {
      const studentId = newId();
      const key = nameKey(plan.data.student);
      const student: StudentItem = {
        ...studentKey(orgId, group.groupId, key),
        entity: "student",
        studentId,
        groupId: group.groupId,
        fullName: plan.data.student,
        nameKey: key,
        parentName: plan.data.parent,
        ...(plan.data.phone ? { phone: plan.data.phone } : {}),
        ...(plan.data.email ? { email: plan.data.email } : {}),
        version: 1,
        createdAt: now,
        updatedAt: now,
      };
      const { request, items: requestItems } = new ConsentRequestRepository(services).newRequestItems(
        group.groupId,
        studentId,
        key,
      );
      stats.created(request.expiresOn);
      // The name is the key: a concurrent import of the same student fails this condition and is redone.
      items.push(
        { put: student, condition: "attribute_not_exists(pk)", onConflict: () => new ConflictError() },
        ...requestItems,
      );
      created.push(studentId);
    } else {
      const { current, data } = plan;
      const next: StudentItem = {
        ...current,
        fullName: data.student,
        parentName: data.parent,
        version: current.version + 1,
        updatedAt: now,
      };
      delete next.phone;
      delete next.email;
      if (data.phone) next.phone = data.phone;
      if (data.email) next.email = data.email;
      items.push({ put: next, condition: "version = :v", values: { ":v": current.version } });
      updated.push(current.studentId);
    }
  }
  const statsItem = stats.toTxItem(orgId, group.groupId);
  if (statsItem) items.push(statsItem);
  const event: AuditEventInput = {
    actor,
    action: "roster.imported",
    entityType: "group",
    entityId: group.groupId,
    details: {
      created: created.length,
      updated: updated.length,
      ...(created.length ? { createdStudents: created.join(",") } : {}),
      ...(updated.length ? { updatedStudents: updated.join(",") } : {}),
    },
  };
  const events: AuditEventInput[] = createGroup
    ? [
        {
          actor,
          action: "group.created",
          entityType: "group",
          entityId: group.groupId,
          details: { code: group.code },
        },
        event,
      ]
    : [event];
  await services.db.transact(items, events);
}

/** A row changes a student when it says something new: spelling variants (case, «ё») are not news. */
function changed(current: Student, data: RosterRow): boolean {
  return (
    nameKey(current.fullName) !== nameKey(data.student) ||
    nameKey(current.parentName) !== nameKey(data.parent) ||
    (current.phone ?? "") !== (data.phone ?? "") ||
    (current.email ?? "") !== (data.email ?? "")
  );
}

function* batches(plans: Planned[], reserved = 0): Generator<Planned[]> {
  let batch: Planned[] = [];
  let cost = reserved;
  for (const plan of plans) {
    const c = plan.kind === "create" ? 2 : 1;
    if (cost + c > TX_BUDGET) {
      yield batch;
      batch = [];
      cost = 0;
    }
    batch.push(plan);
    cost += c;
  }
  if (batch.length) yield batch;
}

/** «ФИО родителя: Укажите фамилию и имя; Телефон: 11 цифр…» */
function describeIssues(
  issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>,
): string {
  const fields = fieldErrorsFromZod(issues);
  return Object.entries(fields)
    .map(
      ([field, messages]) =>
        `${COLUMN_LABELS[field as RosterColumn] ?? field}: ${[...new Set(messages)].join("; ")}`,
    )
    .join(". ");
}
