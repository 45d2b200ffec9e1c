import type { Actor, AuditEventInput } from "../audit/types.js";
import { localDate } from "../clock.js";
import { ConsentRequestRepository } from "../consent/consent-request-repository.js";
import { requestKey } from "../consent/keys.js";
import { StatsDelta } from "../consent/stats.js";
import type { ConsentRequest } from "../consent/types.js";
import { ConflictError, NotFoundError, StateError } from "../errors.js";
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
  if (student.groupId === next.student.groupId) {
    into.merge(out);
    const s = into.toTxItem(orgId, student.groupId);
    if (s) items.push(s);
  } else {
    for (const s of [out.toTxItem(orgId, student.groupId), into.toTxItem(orgId, next.student.groupId)])
      if (s) items.push(s);
  }
  return items;
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
  known: { student: Student; from: Group; to: Group },
  input: Pick<TransferInput, "basis" | "changes">,
  actor: Actor,
): Promise<Student> {
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
  const request = await requireRequest(services, student);
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
  await services.db.transact(
    relocationItems(services, { student, request }, { student: next, request }, to),
    [event],
  );
  return next;
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
