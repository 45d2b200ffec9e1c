import type { Actor, AuditEventInput } from "../audit/types.js";
import { localDate } from "../clock.js";
import { ConsentRequestRepository } from "../consent/consent-request-repository.js";
import { StatsDelta } from "../consent/stats.js";
import { ConflictError, DomainError, fieldErrorsFromZod } from "../errors.js";
import { newId } from "../ids.js";
import type { Services } from "../services.js";
import type { TxItem } from "../storage/database.js";
import { indexStudents, matchStudent } from "../students/matching.js";
import { type StudentChanges, transferKnownStudents } from "../students/movement.js";
import { COLUMN_LABELS, type ParsedRow, parseRoster, type RosterColumn } from "./csv.js";
import { byCode, type Group, GroupRepository } from "./group-repository.js";
import { groupPk, STUDENT_PREFIX } from "./keys.js";
import { displayGroupCode, displayName, groupCodeKey, nameKey } from "./normalize.js";
import { type RosterRow, rosterRowSchemaFor } from "./schemas.js";
import {
  byStudentName,
  isStudying,
  type Student,
  type StudentItem,
  StudentRepository,
  studentItem,
  studentView,
} from "./student-repository.js";

export interface RowError {
  row: number;
  reason: string;
}

/** A student of the file's groups whom no row names: maybe leaving (the file does not say why). */
export interface AbsentStudent {
  studentId: string;
  fullName: string;
  group: string;
}

export interface ImportResult {
  /** Students added (each got a consent request and a personal link). */
  imported: number;
  /** Students whose data changed (parent, phone, email); case and «ё» alone are no change. */
  updated: number;
  unchanged: number;
  /** Known students the file puts in another group: moved with their decision and documents. */
  transferred: number;
  rejected: RowError[];
  /** Rows that may name a known student but not surely (students/matching.ts): not applied. */
  ambiguous: RowError[];
  /** Students of the file's groups the file does not name: nothing is changed for them. */
  absent: AbsentStudent[];
  /** Codes of groups created by this import. */
  groupsCreated: string[];
}

/** What an import would do, row by row, before anything is written. */
export interface ImportPreview {
  created: Array<{ row: number; student: string; group: string }>;
  updated: Array<{ row: number; student: string; group: string }>;
  transferred: Array<{ row: number; student: string; from: string; to: string }>;
  unchanged: number;
  absent: AbsentStudent[];
  ambiguous: RowError[];
  rejected: RowError[];
  groupsToCreate: string[];
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
const READ_CONCURRENCY = 8;

type Progress = (done: number, total: number) => void;

type ResolvedGroup = { group: Group; create?: TxItem[] };

type Planned =
  | { kind: "create"; row: number; data: RosterRow }
  | { kind: "update"; row: number; data: RosterRow; current: StudentItem };

type RowOf = { row: number; data: RosterRow };

interface RosterPlan {
  /** Rows to write in their group (new or same student), by group code key. */
  inGroup: Map<string, RowOf[]>;
  transfers: Array<RowOf & { student: Student; from: Group }>;
  /** Existing groups by code key, and codes of groups to create. */
  groups: Map<string, Group>;
  groupsToCreate: string[];
  rejected: RowError[];
  ambiguous: RowError[];
  absent: AbsentStudent[];
  /** Rows matched to an unchanged student of their group (preview only; the writer re-checks). */
  known: Map<number, Student>;
}

/**
 * Imports a roster. Every row is validated on its own: bad rows are reported with their line
 * number and reason and nothing of them is stored; good rows are written. Rows find known students
 * by the matching rule of students/matching.ts (the id column, else full name and date of birth):
 * re-importing a file changes nothing, a changed row updates the record, a known student in another
 * group is transferred (students/movement.ts), an ambiguous row is reported and not applied.
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

/** What importing the file would do; writes nothing. */
export function previewRosterCsv(services: Services, bytes: Uint8Array, scope: ImportScope) {
  return previewRoster(services, parseRoster(bytes).rows, scope);
}

/** `previewRosterCsv` for rows already read (the CLI). */
export async function previewRoster(
  services: Services,
  rows: ParsedRow[],
  scope: ImportScope,
): Promise<ImportPreview> {
  const plan = await planRoster(services, rows, scope);
  const preview: ImportPreview = {
    created: [],
    updated: [],
    transferred: plan.transfers.map((t) => ({
      row: t.row,
      student: t.data.student,
      from: t.from.code,
      to: plan.groups.get(groupCodeKey(t.data.group))?.code ?? t.data.group,
    })),
    unchanged: 0,
    absent: plan.absent,
    ambiguous: plan.ambiguous,
    rejected: plan.rejected,
    groupsToCreate: plan.groupsToCreate,
  };
  for (const rowsOfGroup of plan.inGroup.values()) {
    for (const r of rowsOfGroup) {
      const current = plan.known.get(r.row);
      const entry = { row: r.row, student: r.data.student, group: r.data.group };
      if (!current) preview.created.push(entry);
      else if (changed(current, r.data)) preview.updated.push(entry);
      else preview.unchanged++;
    }
  }
  preview.created.sort((a, b) => a.row - b.row);
  preview.updated.sort((a, b) => a.row - b.row);
  preview.transferred.sort((a, b) => a.row - b.row);
  return preview;
}

/** `importRosterCsv` for rows already read (the demo seed, the CLI with its progress bar). */
export async function importRoster(
  services: Services,
  rows: ParsedRow[],
  actor: Actor,
  scope: ImportScope,
  onProgress?: Progress,
): Promise<ImportResult> {
  const total = rows.length;
  let done = 0;
  const progress = (n: number) => {
    done += n;
    onProgress?.(done, total);
  };
  const plan = await planRoster(services, rows, scope);
  const result: ImportResult = {
    imported: 0,
    updated: 0,
    unchanged: 0,
    transferred: 0,
    rejected: [...plan.rejected],
    ambiguous: plan.ambiguous,
    absent: plan.absent,
    groupsCreated: [],
  };
  progress(plan.rejected.length + plan.ambiguous.length);

  // 1. Each group: find it (or plan its creation), then write its rows in batches. A group whose
  // rows all repeat what its students hold (the plan read them strongly) needs no second read.
  const queue: RowOf[][] = [];
  for (const rowsOfGroup of plan.inGroup.values()) {
    const unchanged = rowsOfGroup.every((r) => {
      const current = plan.known.get(r.row);
      return current !== undefined && !changed(current, r.data);
    });
    if (unchanged) {
      result.unchanged += rowsOfGroup.length;
      progress(rowsOfGroup.length);
    } else queue.push(rowsOfGroup);
  }
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

  // 2. Transfers, once every target group exists (a transfer may go to a group the file creates):
  // each target group is found once, then the transfers go several to a transaction
  // (students/movement.ts, transferKnownStudents).
  const targets = new Map<string, Group | string>();
  const codes = [...new Set(plan.transfers.map((t) => t.data.group))];
  const finder = async () => {
    for (let code = codes.shift(); code !== undefined; code = codes.shift()) {
      const key = groupCodeKey(code);
      if (targets.has(key)) continue;
      targets.set(key, "");
      try {
        // The plan listed the groups a moment ago; only a group it did not know is looked up (step 1
        // may just have created it) or created.
        const existed = plan.groups.get(key) ?? (await new GroupRepository(services).findByCode(code, true));
        const to = existed ?? (await new GroupRepository(services).ensureGroup(code, actor));
        if (!existed && !result.groupsCreated.includes(to.code)) result.groupsCreated.push(to.code);
        targets.set(key, to);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        targets.set(key, error.message);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, codes.length) }, finder));
  const moving: Array<RosterPlan["transfers"][number] & { to: Group }> = [];
  for (const t of plan.transfers) {
    const to = targets.get(groupCodeKey(t.data.group));
    if (typeof to === "object") moving.push({ ...t, to });
    else {
      result.rejected.push({ row: t.row, reason: to || `Группа ${t.data.group} не найдена` });
      progress(1);
    }
  }
  const outcomes = await transferKnownStudents(
    services,
    moving.map((t) => ({
      student: t.student,
      from: t.from,
      to: t.to,
      input: { basis: "загрузка списка", changes: rowChanges(t.data) },
    })),
    actor,
    progress,
  );
  for (const [i, outcome] of outcomes.entries()) {
    if (outcome instanceof DomainError)
      result.rejected.push({ row: moving[i]!.row, reason: outcome.message });
    else result.transferred++;
  }
  result.rejected.sort((a, b) => a.row - b.row);
  return result;
}

/** Validates and matches every row against the known students; reads only. */
async function planRoster(services: Services, rows: ParsedRow[], scope: ImportScope): Promise<RosterPlan> {
  const schema = rosterRowSchemaFor(localDate(services.now(), services.config.timeZone));
  const rejected: RowError[] = [];
  const ambiguous: RowError[] = [];
  const valid: RowOf[] = [];
  const seen = new Map<string, number>();
  for (const { row, values } of rows) {
    const parsed = schema.safeParse(values);
    if (!parsed.success) {
      rejected.push({ row, reason: describeIssues(parsed.error.issues) });
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
      rejected.push({
        row,
        reason: `Обучающийся ${data.student} группы ${data.group} уже указан в строке ${first}`,
      });
      continue;
    }
    seen.set(key, row);
    valid.push({ row, data });
  }

  const groupList = await new GroupRepository(services).list();
  const groups = new Map(groupList.map((g) => [g.codeKey, g]));
  const groupsById = new Map(groupList.map((g) => [g.groupId, g]));
  const known = await allStudents(services, groupList);
  const index = indexStudents(known);
  const mayChange = (g: Group) => !scope.groupIds || scope.groupIds.has(g.groupId);

  const inGroup = new Map<string, RowOf[]>();
  const transfers: RosterPlan["transfers"] = [];
  const matched = new Map<string, number>();
  const knownRows = new Map<number, Student>();
  const groupsToCreate = new Set<string>();
  for (const r of valid) {
    const codeKey = groupCodeKey(r.data.group);
    const group = groups.get(codeKey);
    if (!group) {
      if (!scope.createGroups) {
        rejected.push({
          row: r.row,
          reason: `Группа ${r.data.group} не найдена. Новые группы добавляет администратор ИКОП «Сферум»`,
        });
        continue;
      }
      groupsToCreate.add(r.data.group);
    } else if (!mayChange(group)) {
      rejected.push({
        row: r.row,
        reason: `Нет доступа к группе ${group.code}: классный руководитель загружает списки только своих групп`,
      });
      continue;
    }
    const match = matchStudent(r.data, group?.groupId, index);
    if (match.kind === "unknown-id") {
      rejected.push({ row: r.row, reason: match.reason });
      continue;
    }
    if (match.kind === "ambiguous") {
      ambiguous.push({ row: r.row, reason: match.reason });
      continue;
    }
    if (match.kind !== "new") {
      const earlier = matched.get(match.student.studentId);
      if (earlier !== undefined) {
        rejected.push({ row: r.row, reason: `Этот обучающийся уже указан в строке ${earlier}` });
        continue;
      }
      matched.set(match.student.studentId, r.row);
    }
    // The id column may carry a new spelling of the name: the record is re-keyed like a transfer.
    const renamed = match.kind === "same" && match.student.nameKey !== nameKey(r.data.student);
    if (match.kind === "transfer" || renamed) {
      const from = groupsById.get(match.student.groupId)!;
      if (!mayChange(from)) {
        rejected.push({
          row: r.row,
          reason: `Обучающийся числится в группе ${from.code}: перевод из неё оформляет администратор ИКОП «Сферум»`,
        });
        continue;
      }
      transfers.push({ ...r, student: match.student, from });
      continue;
    }
    if (match.kind === "same") knownRows.set(r.row, match.student);
    const list = inGroup.get(codeKey);
    if (list) list.push(r);
    else inGroup.set(codeKey, [r]);
  }

  const fileGroups = new Set([...inGroup.keys(), ...transfers.map((t) => groupCodeKey(t.data.group))]);
  const absent: AbsentStudent[] = known
    .filter((s) => isStudying(s) && !matched.has(s.studentId))
    .map((s) => ({ student: s, group: groupsById.get(s.groupId)! }))
    .filter(({ group }) => fileGroups.has(group.codeKey))
    .map(({ student, group }) => ({
      studentId: student.studentId,
      fullName: student.fullName,
      group: group.code,
    }))
    .sort((a, b) => byCode({ code: a.group }, { code: b.group }) || byStudentName(a, b));
  rejected.sort((a, b) => a.row - b.row);
  ambiguous.sort((a, b) => a.row - b.row);
  return {
    inGroup,
    transfers,
    groups,
    groupsToCreate: [...groupsToCreate],
    rejected,
    ambiguous,
    absent,
    known: knownRows,
  };
}

/** Every student of every group (strongly read): the matching rule looks across groups. */
async function allStudents(services: Services, groups: Group[]): Promise<Student[]> {
  const repository = new StudentRepository(services);
  const queue = [...groups];
  const out: Student[] = [];
  const reader = async () => {
    for (let g = queue.shift(); g; g = queue.shift())
      out.push(...(await repository.listByGroup(g.groupId, true)));
  };
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, queue.length) }, reader));
  return out;
}

/** What a row says about a known student, for a transfer that also updates the record. */
function rowChanges(data: RosterRow): StudentChanges {
  return {
    fullName: data.student,
    nameKey: nameKey(data.student),
    parentName: data.parent,
    phone: data.phone ?? null,
    email: data.email ?? null,
    ...(data.birthDate ? { birthDate: data.birthDate } : {}),
    ...(data.studentPhone ? { studentPhone: data.studentPhone } : {}),
    ...(data.studentEmail ? { studentEmail: data.studentEmail } : {}),
  };
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
      const student: StudentItem = studentItem(orgId, {
        studentId,
        groupId: group.groupId,
        fullName: plan.data.student,
        nameKey: key,
        parentName: plan.data.parent,
        ...(plan.data.phone ? { phone: plan.data.phone } : {}),
        ...(plan.data.email ? { email: plan.data.email } : {}),
        ...(plan.data.birthDate ? { birthDate: plan.data.birthDate } : {}),
        ...(plan.data.studentPhone ? { studentPhone: plan.data.studentPhone } : {}),
        ...(plan.data.studentEmail ? { studentEmail: plan.data.studentEmail } : {}),
        version: 1,
        createdAt: now,
        updatedAt: now,
      });
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
      const next: Student = {
        ...studentView(current),
        fullName: data.student,
        parentName: data.parent,
        version: current.version + 1,
        updatedAt: now,
      };
      delete next.phone;
      delete next.email;
      if (data.phone) next.phone = data.phone;
      if (data.email) next.email = data.email;
      // The date of birth and the student's contacts are only added or corrected, never erased by a
      // file that lacks their columns.
      if (data.birthDate) next.birthDate = data.birthDate;
      if (data.studentPhone) next.studentPhone = data.studentPhone;
      if (data.studentEmail) next.studentEmail = data.studentEmail;
      items.push({
        put: studentItem(orgId, next),
        condition: "version = :v",
        values: { ":v": current.version },
      });
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
    (current.email ?? "") !== (data.email ?? "") ||
    (data.birthDate !== undefined && data.birthDate !== current.birthDate) ||
    (data.studentPhone !== undefined && data.studentPhone !== current.studentPhone) ||
    (data.studentEmail !== undefined && data.studentEmail !== current.studentEmail)
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
