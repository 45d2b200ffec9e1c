import type { Actor, AuditEventInput } from "../audit/types.js";
import { localDate } from "../clock.js";
import { ConsentRequestRepository } from "../consent/consent-request-repository.js";
import { requestKey } from "../consent/keys.js";
import { StatsDelta } from "../consent/stats.js";
import type { ConsentRequest } from "../consent/types.js";
import { ConflictError, DomainError, NotFoundError, StateError } from "../errors.js";
import { type Group, GroupRepository } from "../roster/group-repository.js";
import { studentKey } from "../roster/keys.js";
import {
  LEAVE_LABELS,
  type LeaveKind,
  type Movement,
  type Student,
  StudentRepository,
  studentItem,
} from "../roster/student-repository.js";
import type { Services } from "../services.js";
import type { TxItem } from "../storage/database.js";

/**
 * «Движение обучающихся» (clause 2.3): transfers between groups, leaving (expulsion, graduation,
 * academic leave) and return. A student's record and consent request live in their group's
 * partition; a transfer moves both (same ids, same link, same history), so the decision and every
 * document (owned by the request id) follow the student. Each change is ONE transaction with both
 * groups' counters and the audit event, which names the basis (an order's number) when given.
 */

/** Movements kept on the record itself; the audit log keeps all. */
const MAX_MOVEMENTS = 50;

/** A basis as people write it: «приказ № 45-к от 01.09.2026». No personal data belongs here. */
export const MAX_BASIS_LENGTH = 200;

export interface StudentChanges {
  fullName?: string;
  nameKey?: string;
  parentName?: string;
  phone?: string | null;
  email?: string | null;
  birthDate?: string;
  studentPhone?: string;
  studentEmail?: string;
}

const today = (services: Services) => localDate(services.now(), services.config.timeZone);

async function requireStudent(services: Services, studentId: string): Promise<Student> {
  const student = await new StudentRepository(services).findById(studentId);
  if (!student) throw new NotFoundError("Обучающийся не найден");
  return student;
}

async function requireRequest(services: Services, student: Student): Promise<ConsentRequest> {
  const request = await new ConsentRequestRepository(services).get(student.groupId, student.studentId, true);
  if (!request) throw new NotFoundError("Запрос согласия обучающегося не найден");
  return request;
}

const movementOf = (m: Movement, student: Student) => [...(student.movements ?? []), m].slice(-MAX_MOVEMENTS);

function applyChanges(student: Student, changes: StudentChanges | undefined): Student {
  if (!changes) return student;
  const next: Student = { ...student };
  for (const [k, v] of Object.entries(changes) as Array<[keyof StudentChanges, unknown]>) {
    if (v === undefined) continue;
    if (v === null) delete (next as unknown as Record<string, unknown>)[k];
    else (next as unknown as Record<string, unknown>)[k] = v;
  }
  return next;
}

/** The writes of one relocation, with each group's counter change kept apart so a batch can sum them. */
interface Relocation {
  items: TxItem[];
  deltas: Map<string, StatsDelta>;
}

/**
 * The items that move a student (record and request) from `student.groupId` to `next.groupId`
 * (or re-key them under a new name in the same group), with both groups' counters: the request
 * counts out of the old group unless it had left, and into the new one unless it is left.
 */
export function relocationItems(
  services: Services,
  current: { student: Student; request: ConsentRequest },
  next: { student: Student; request: ConsentRequest },
  target: Pick<Group, "code">,
): TxItem[] {
  const { items, deltas } = relocation(services, current, next, target);
  return [...items, ...statsItems(services, deltas)];
}

function statsItems(services: Services, deltas: Map<string, StatsDelta>): TxItem[] {
  const out: TxItem[] = [];
  for (const [groupId, delta] of deltas) {
    const item = delta.toTxItem(services.config.orgId, groupId);
    if (item) out.push(item);
  }
  return out;
}

function relocation(
  services: Services,
  current: { student: Student; request: ConsentRequest },
  next: { student: Student; request: ConsentRequest },
  target: Pick<Group, "code">,
): Relocation {
  const orgId = services.config.orgId;
  const requests = new ConsentRequestRepository(services);
  const { student, request } = current;
  const nextRequest: ConsentRequest = {
    ...next.request,
    groupId: next.student.groupId,
    nameKey: next.student.nameKey,
    version: request.version + 1,
    updatedAt: next.student.updatedAt,
  };
  // A transaction touches an item once: the same key is updated in place, another key is moved.
  const items: TxItem[] =
    student.groupId === next.student.groupId && student.nameKey === next.student.nameKey
      ? [studentUpdateItem(services, student, next.student)]
      : [
          {
            delete: studentKey(orgId, student.groupId, student.nameKey),
            condition: "version = :v",
            values: { ":v": student.version },
            onConflict: () =>
              new ConflictError("Данные обучающегося изменились. Обновите страницу и повторите."),
          },
          {
            put: studentItem(orgId, next.student),
            condition: "attribute_not_exists(pk)",
            onConflict: () =>
              new ConflictError(
                `В группе ${target.code} уже есть обучающийся с такими ФИО. Уточните ФИО (например, добавьте отчество) и повторите.`,
                "student_exists",
              ),
          },
        ];
  if (student.groupId === next.student.groupId) {
    items.push(requests.updateItem(nextRequest, request.version));
  } else {
    items.push(
      {
        delete: requestKey(orgId, request.groupId, request.studentId),
        condition: "version = :v",
        values: { ":v": request.version },
        onConflict: () => new ConflictError("По ссылке обучающегося только что записано решение. Повторите."),
      },
      { put: requests.requestItem(nextRequest), condition: "attribute_not_exists(pk)" },
    );
  }
  const out = new StatsDelta();
  if (!request.leftAt) out.removed(request);
  const into = new StatsDelta();
  if (!nextRequest.leftAt) into.added(nextRequest);
  const deltas = new Map<string, StatsDelta>();
  if (student.groupId === next.student.groupId) {
    into.merge(out);
    deltas.set(student.groupId, into);
  } else {
    deltas.set(student.groupId, out);
    deltas.set(next.student.groupId, into);
  }
  return { items, deltas };
}

export interface TransferInput {
  studentId: string;
  toGroupId: string;
  basis?: string;
  /** Data of the roster row that moved the student (a re-import). */
  changes?: StudentChanges;
}

/** Transfer to another group: the decision, documents and history move; both counters change at once. */
export async function transferStudent(
  services: Services,
  input: TransferInput,
  actor: Actor,
  mayMove?: (from: Group, to: Group) => void,
): Promise<Student> {
  const student = await requireStudent(services, input.studentId);
  const groups = new GroupRepository(services);
  const [from, to] = await Promise.all([groups.get(student.groupId), groups.get(input.toGroupId)]);
  if (!from || !to) throw new NotFoundError("Группа не найдена");
  mayMove?.(from, to);
  return transferKnownStudent(services, { student, from, to }, input, actor);
}

/** `transferStudent` with the student and both groups already read (a re-import has them at hand). */
export async function transferKnownStudent(
  services: Services,
  known: KnownTransfer,
  input: Pick<TransferInput, "basis" | "changes">,
  actor: Actor,
): Promise<Student> {
  checkTransfer(known, input);
  const request = await requireRequest(services, known.student);
  const planned = plannedTransfer(services, known, input, request, actor);
  await services.db.transact(
    [...planned.relocation.items, ...statsItems(services, planned.relocation.deltas)],
    [planned.event],
  );
  return planned.next;
}

/** A student to move with both groups already read. */
export interface KnownTransfer {
  student: Student;
  from: Group;
  to: Group;
  input?: Pick<TransferInput, "basis" | "changes">;
}

interface PlannedTransfer {
  next: Student;
  relocation: Relocation;
  event: AuditEventInput;
  keys: string[];
}

/**
 * Items and audit events per transaction: DynamoDB takes 100 items, the audit chain head is one.
 * A transfer writes 4 items and its event; the counters of each group a batch touches are summed
 * into one update of that group's STATS item (a transaction touches an item once).
 */
const BATCH_ITEMS = 99;
/** Batches in flight: the audit chain commits one at a time, the rest overlap their reads. */
const BATCH_CONCURRENCY = 3;

/**
 * Many transfers (a re-import), several students per transaction. Each transfer stays atomic with
 * its counters: its four writes, both groups' counter changes (summed per group within the batch)
 * and its own audit event are in the same transaction. When a batch fails because one transfer's
 * condition fails (a namesake in the target group, a record changed meanwhile), its transfers are
 * redone one per transaction, so only the offending one is refused. Outcomes follow the input order.
 */
export async function transferKnownStudents(
  services: Services,
  transfers: KnownTransfer[],
  actor: Actor,
  onDone?: (n: number) => void,
): Promise<Array<Student | DomainError>> {
  const outcomes: Array<Student | DomainError> = new Array(transfers.length);
  const ready: Array<{ index: number; planned: PlannedTransfer }> = [];
  const requests = await new ConsentRequestRepository(services).getMany(
    transfers.map((t) => t.student),
    true,
  );
  for (const [index, t] of transfers.entries()) {
    try {
      checkTransfer(t, t.input ?? {});
      const request = requests.get(t.student.studentId);
      if (!request || request.groupId !== t.student.groupId)
        throw new NotFoundError("Запрос согласия обучающегося не найден");
      ready.push({ index, planned: plannedTransfer(services, t, t.input ?? {}, request, actor) });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      outcomes[index] = error;
      onDone?.(1);
    }
  }
  const queue = packBatches(ready);
  const commit = async (batch: typeof ready) => {
    const deltas = new Map<string, StatsDelta>();
    for (const { planned } of batch) {
      for (const [groupId, d] of planned.relocation.deltas) {
        const sum = deltas.get(groupId) ?? new StatsDelta();
        sum.merge(d);
        deltas.set(groupId, sum);
      }
    }
    await services.db.transact(
      [...batch.flatMap((b) => b.planned.relocation.items), ...statsItems(services, deltas)],
      batch.map((b) => b.planned.event),
    );
  };
  const worker = async () => {
    for (let batch = queue.shift(); batch; batch = queue.shift()) {
      try {
        await commit(batch);
        for (const b of batch) outcomes[b.index] = b.planned.next;
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        for (const b of batch) {
          try {
            await commit([b]);
            outcomes[b.index] = b.planned.next;
          } catch (single) {
            if (!(single instanceof DomainError)) throw single;
            outcomes[b.index] = single;
          }
        }
      }
      onDone?.(batch.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(BATCH_CONCURRENCY, queue.length) }, worker));
  return outcomes;
}

/** Fills transactions up to the budget; a transfer touching a key already in the batch opens the next. */
function packBatches<T extends { planned: PlannedTransfer }>(ready: T[]): T[][] {
  const out: T[][] = [];
  let batch: T[] = [];
  let keys = new Set<string>();
  let groups = new Set<string>();
  let size = 0;
  const cost = (r: T) =>
    r.planned.relocation.items.length +
    1 +
    [...r.planned.relocation.deltas.keys()].filter((g) => !groups.has(g)).length;
  for (const r of ready) {
    if (batch.length > 0 && (size + cost(r) > BATCH_ITEMS || r.planned.keys.some((k) => keys.has(k)))) {
      out.push(batch);
      batch = [];
      keys = new Set();
      groups = new Set();
      size = 0;
    }
    size += cost(r);
    batch.push(r);
    for (const k of r.planned.keys) keys.add(k);
    for (const g of r.planned.relocation.deltas.keys()) groups.add(g);
  }
  if (batch.length) out.push(batch);
  return out;
}

function checkTransfer(known: KnownTransfer, input: Pick<TransferInput, "changes">) {
  const { student, from, to } = known;
  if (student.enrolment) {
    throw new StateError(
      `Обучающийся выбыл (${LEAVE_LABELS[student.enrolment.status]}): сначала оформите возвращение`,
      "student_left",
    );
  }
  const renamed = applyChanges(student, input.changes);
  if (from.groupId === to.groupId && renamed.nameKey === student.nameKey) {
    throw new StateError(`Обучающийся уже в группе ${to.code}`, "same_group");
  }
}

function plannedTransfer(
  services: Services,
  known: KnownTransfer,
  input: Pick<TransferInput, "basis" | "changes">,
  request: ConsentRequest,
  actor: Actor,
): PlannedTransfer {
  const { student, from, to } = known;
  const renamed = applyChanges(student, input.changes);
  const at = services.now().toISOString();
  const basis = input.basis?.trim() || undefined;
  const moved = from.groupId !== to.groupId;
  const next: Student = {
    ...renamed,
    groupId: to.groupId,
    ...(moved
      ? {
          movements: movementOf(
            {
              kind: "transfer",
              at,
              fromGroupId: from.groupId,
              toGroupId: to.groupId,
              ...(basis ? { basis } : {}),
            },
            student,
          ),
        }
      : {}),
    version: student.version + 1,
    updatedAt: at,
  };
  const event: AuditEventInput = {
    actor,
    action: moved ? "student.transferred" : "student.updated",
    entityType: "student",
    entityId: student.studentId,
    before: from.code,
    after: to.code,
    details: {
      fromGroupId: from.groupId,
      toGroupId: to.groupId,
      requestId: request.requestId,
      ...(basis ? { basis } : {}),
    },
  };
  const rel = relocation(services, { student, request }, { student: next, request }, to);
  const keys = rel.items.map((i) => {
    const key = "put" in i ? i.put : "update" in i ? i.update : "check" in i ? i.check : i.delete;
    return `${key.pk}\u0000${key.sk}`;
  });
  return { next, relocation: rel, event, keys };
}

export interface LeaveInput {
  studentId: string;
  kind: LeaveKind;
  basis?: string;
}

/**
 * The student leaves the group's lists (expelled, graduated, academic leave): out of dashboards,
 * counters and pending lists; an unanswered link is revoked; the decision and documents are kept.
 */
export async function leaveStudent(
  services: Services,
  input: LeaveInput,
  actor: Actor,
  mayChange?: (group: Group) => void,
): Promise<Student> {
  const student = await requireStudent(services, input.studentId);
  const group = await new GroupRepository(services).require(student.groupId);
  mayChange?.(group);
  if (student.enrolment) {
    throw new StateError(`Обучающийся уже выбыл (${LEAVE_LABELS[student.enrolment.status]})`, "student_left");
  }
  const request = await requireRequest(services, student);
  const at = services.now().toISOString();
  const basis = input.basis?.trim() || undefined;
  const next: Student = {
    ...student,
    enrolment: { status: input.kind, since: today(services), ...(basis ? { basis } : {}) },
    movements: movementOf({ kind: "leave", at, leave: input.kind, ...(basis ? { basis } : {}) }, student),
    version: student.version + 1,
    updatedAt: at,
  };
  const nextRequest: ConsentRequest = {
    ...request,
    leftAt: at,
    ...(!request.decision && !request.linkRevokedAt ? { linkRevokedAt: at } : {}),
    version: request.version + 1,
    updatedAt: at,
  };
  const orgId = services.config.orgId;
  const stats = new StatsDelta();
  stats.removed(request);
  const statsItem = stats.toTxItem(orgId, group.groupId);
  await services.db.transact(
    [
      studentUpdateItem(services, student, next),
      new ConsentRequestRepository(services).updateItem(nextRequest, request.version),
      ...(statsItem ? [statsItem] : []),
    ],
    [
      {
        actor,
        action: "student.left",
        entityType: "student",
        entityId: student.studentId,
        after: input.kind,
        details: {
          groupId: group.groupId,
          requestId: request.requestId,
          linkRevoked: nextRequest.linkRevokedAt !== request.linkRevokedAt,
          ...(basis ? { basis } : {}),
        },
      },
    ],
  );
  return next;
}

export interface ReturnInput {
  studentId: string;
  /** Another group to return to (after an academic leave the course often changes); default: the same. */
  toGroupId?: string;
  basis?: string;
}

/** A student who left comes back with their history; a revoked link can then be re-issued. */
export async function returnStudent(
  services: Services,
  input: ReturnInput,
  actor: Actor,
  mayChange?: (group: Group) => void,
): Promise<Student> {
  const student = await requireStudent(services, input.studentId);
  const groups = new GroupRepository(services);
  const to = await groups.require(input.toGroupId ?? student.groupId);
  mayChange?.(to);
  if (!student.enrolment) throw new StateError("Обучающийся не выбывал", "student_studying");
  const request = await requireRequest(services, student);
  const at = services.now().toISOString();
  const basis = input.basis?.trim() || undefined;
  const next: Student = {
    ...student,
    groupId: to.groupId,
    movements: movementOf(
      {
        kind: "return",
        at,
        fromGroupId: student.groupId,
        toGroupId: to.groupId,
        ...(basis ? { basis } : {}),
      },
      student,
    ),
    version: student.version + 1,
    updatedAt: at,
  };
  delete next.enrolment;
  const returned: ConsentRequest = { ...request };
  delete returned.leftAt;
  const event: AuditEventInput = {
    actor,
    action: "student.returned",
    entityType: "student",
    entityId: student.studentId,
    before: student.enrolment.status,
    after: to.code,
    details: { groupId: to.groupId, requestId: request.requestId, ...(basis ? { basis } : {}) },
  };
  await services.db.transact(
    relocationItems(services, { student, request }, { student: next, request: returned }, to),
    [event],
  );
  return next;
}

/** The conditional put of a changed student under the same key. */
function studentUpdateItem(services: Services, current: Student, next: Student): TxItem {
  return {
    put: studentItem(services.config.orgId, next),
    condition: "version = :v",
    values: { ":v": current.version },
    onConflict: () => new ConflictError("Данные обучающегося изменились. Обновите страницу и повторите."),
  };
}

/** The students of a group who left, for the administrator's page (return). */
export async function leftStudents(services: Services, groupId: string): Promise<Student[]> {
  return (await new StudentRepository(services).listByGroup(groupId)).filter((s) => s.enrolment);
}
