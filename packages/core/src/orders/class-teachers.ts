import type { Actor } from "../audit/types.js";
import { localDate } from "../clock.js";
import { ValidationError } from "../errors.js";
import { newId } from "../ids.js";
import { type Group, GroupRepository } from "../roster/group-repository.js";
import type { Services } from "../services.js";
import { documentPerson } from "../staff/grammar.js";
import type { RoleGrant } from "../staff/roles.js";
import { type StaffMember, StaffRepository } from "../staff/staff-repository.js";
import type { TxItem } from "../storage/database.js";
import { parseInput, z } from "../validation.js";
import { regulationRef } from "./appointments.js";
import {
  type IssuedOrder,
  type IssueOrderInput,
  issueOrder,
  type OrderPreview,
  previewOrder,
} from "./issue-order.js";
import { canBeClassTeacher } from "./rules.js";
import { endGrant, grantOpenOn, staffRolesItem } from "./staff-items.js";

export const CLASS_TEACHERS_TITLE = "О закреплении классных руководителей за учебными группами";

/**
 * Writes one order may add to its transaction for groups and staff (DynamoDB allows 100 items per
 * transaction; the order's own records, the document and the audit events take the rest).
 */
export const MAX_CHANGES_PER_ORDER = 80;

const id = (message: string) => z.string({ error: message }).trim().min(1, message).max(100);

export const classTeachersInputSchema = z
  .object({
    academicYear: z.preprocess(
      (v) => (v === "" ? undefined : v),
      z
        .string()
        .regex(/^\d{4}\/\d{4}$/, "Учебный год в формате 2026/2027")
        .refine((y) => Number(y.slice(5)) === Number(y.slice(0, 4)) + 1, "Годы должны идти подряд")
        .optional(),
    ),
    assignments: z
      .array(z.object({ groupId: id("Выберите группу"), staffId: id("Выберите классного руководителя") }))
      .min(1, "Назначьте классного руководителя хотя бы одной группе")
      .max(500, "Не больше 500 групп"),
  })
  .superRefine((d, ctx) => {
    const seen = new Set<string>();
    d.assignments.forEach((a, i) => {
      if (seen.has(a.groupId)) {
        ctx.addIssue({
          code: "custom",
          path: ["assignments", i, "groupId"],
          message: "Группа указана дважды",
        });
      }
      seen.add(a.groupId);
    });
  });
export type ClassTeachersInput = z.input<typeof classTeachersInputSchema>;

/** Whether the member holds class_teacher on `date` and after (permanently or by an open grant). */
const holdsClassTeacher = (m: StaffMember, date: string) =>
  m.roles.includes("class_teacher") ||
  m.roleGrants.some((g) => g.role === "class_teacher" && g.from <= date && !g.to);

/**
 * The director's order distributing class teachers across groups (clause 2.3: the administrator
 * attaches class teachers «в соответствии с утвержденным руководителем распределением»). Each
 * listed group gets the chosen teacher as its only class teacher; unlisted groups keep theirs.
 *
 * Access control needs both the group binding and the class_teacher role. The role is given as a
 * RoleGrant {class_teacher, from: order date, orderId} rather than a permanent role, so that it is
 * traceable to the order and can be ended by a later order without touching roles an account
 * manager gave: a teacher left with no group loses the grants orders gave them, from the order's date.
 * Everything (bindings, grants, order, document, audit) is one transaction.
 */
async function classTeachersOrder(
  services: Services,
  input: ClassTeachersInput,
  actor: Actor,
): Promise<IssueOrderInput> {
  const data = parseInput(classTeachersInputSchema, input);
  const date = localDate(services.now(), services.config.timeZone);
  const [groups, staff, regulation] = await Promise.all([
    new GroupRepository(services).list(),
    new StaffRepository(services).list(),
    regulationRef(services),
  ]);
  const groupById = new Map(groups.map((g) => [g.groupId, g]));
  const staffById = new Map(staff.map((s) => [s.staffId, s]));

  const fields: Record<string, string[]> = {};
  const rows: Array<{ group: Group; teacher: StaffMember }> = [];
  data.assignments.forEach((a, i) => {
    const group = groupById.get(a.groupId);
    const teacher = staffById.get(a.staffId);
    if (!group) fields[`assignments.${i}.groupId`] = ["Группа не найдена"];
    if (!teacher?.active) fields[`assignments.${i}.staffId`] = ["Сотрудник не найден"];
    else if (!canBeClassTeacher(teacher)) {
      fields[`assignments.${i}.staffId`] = [`${teacher.fullName} не является педагогическим работником`];
    }
    if (group && teacher && canBeClassTeacher(teacher)) rows.push({ group, teacher });
  });
  if (Object.keys(fields).length > 0) {
    throw new ValidationError(
      "Классным руководителем назначается только педагогический работник; проверьте таблицу",
      fields,
    );
  }

  // Bindings after the order: listed groups get their new teacher, the others keep theirs.
  const listed = new Set(rows.map((r) => r.group.groupId));
  const bound = new Set<string>(rows.map((r) => r.teacher.staffId));
  for (const g of groups) if (!listed.has(g.groupId)) for (const s of g.classTeacherIds) bound.add(s);
  const changedGroups = rows.filter((r) => r.group.classTeacherIds.join() !== r.teacher.staffId);
  const released = new Set<string>();
  for (const r of changedGroups) for (const s of r.group.classTeacherIds) if (!bound.has(s)) released.add(s);

  const roleChanges = (orderId: string) => {
    const out: Array<{ member: StaffMember; roleGrants: RoleGrant[] }> = [];
    for (const member of staff) {
      if (
        bound.has(member.staffId) &&
        rows.some((r) => r.teacher.staffId === member.staffId) &&
        !holdsClassTeacher(member, date)
      ) {
        out.push({
          member,
          roleGrants: [...member.roleGrants, { role: "class_teacher", from: date, orderId }],
        });
      } else if (released.has(member.staffId)) {
        const ends = member.roleGrants.some(
          (g) => g.role === "class_teacher" && g.orderId && grantOpenOn(g, date),
        );
        if (ends) {
          out.push({
            member,
            roleGrants: member.roleGrants.map((g) =>
              g.role === "class_teacher" && g.orderId && grantOpenOn(g, date) ? endGrant(g, date) : g,
            ),
          });
        }
      }
    }
    return out;
  };
  const changes = changedGroups.length + roleChanges("probe").length;
  if (changes > MAX_CHANGES_PER_ORDER) {
    throw new ValidationError(
      `Слишком много изменений для одного приказа (${changes}); разделите распределение на несколько приказов`,
      { assignments: [`Не больше ${MAX_CHANGES_PER_ORDER} изменений групп и ролей в одном приказе`] },
    );
  }

  const groupRepo = new GroupRepository(services);
  return {
    kind: "assign-class-teachers",
    documentType: "order-assign-class-teachers",
    title: CLASS_TEACHERS_TITLE,
    date,
    actor,
    owner: { type: "class-teacher-distribution", id: newId() },
    named: rows.map((r) => r.teacher.staffId),
    buildData: () => ({
      ...(data.academicYear ? { academicYear: data.academicYear } : {}),
      assignments: rows.map((r) => ({
        group: r.group.code,
        teacher: r.teacher.fullName,
        position: r.teacher.position,
      })),
      ...(regulation ? { regulation } : {}),
      // Each class teacher once, in the table's order.
      acquaintances: [...new Map(rows.map((r) => [r.teacher.staffId, r.teacher])).values()].map(
        documentPerson,
      ),
    }),
    extraItems: (reg) => {
      const items: TxItem[] = [];
      for (const r of changedGroups) {
        items.push(
          ...groupRepo.classTeacherBindingItems(r.group.groupId, [r.teacher.staffId], r.group.version),
        );
      }
      for (const c of roleChanges(reg.orderId)) {
        items.push(staffRolesItem(services, c.member, { roles: c.member.roles, roleGrants: c.roleGrants }));
      }
      return items;
    },
    extraEvents: (reg) => [
      {
        actor,
        action: "class_teachers.assigned",
        entityType: "order",
        entityId: reg.orderId,
        details: {
          number: reg.number,
          groups: changedGroups.length,
          assignments: rows
            .map((r) => `${r.group.groupId}:${r.teacher.staffId}`)
            .join(",")
            .slice(0, 2000),
        },
      },
    ],
  };
}

/** Distributes class teachers (see classTeachersOrder): the order signed, registered and applied. */
export async function assignClassTeachers(
  services: Services,
  input: ClassTeachersInput,
  actor: Actor,
): Promise<IssuedOrder> {
  return issueOrder(services, await classTeachersOrder(services, input, actor));
}

/** The same order as a draft marked «ПРОЕКТ» («№ ___», unsigned, no QR): shown before signing. */
export async function previewClassTeachers(
  services: Services,
  input: ClassTeachersInput,
  actor: Actor,
): Promise<OrderPreview> {
  const {
    extraItems: _items,
    extraEvents: _events,
    supersedes: _supersedes,
    ...order
  } = await classTeachersOrder(services, input, actor);
  return previewOrder(services, order);
}
