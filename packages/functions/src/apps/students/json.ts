import type { Group } from "@soglasie/core/roster/group-repository";
import type { ImportPreview, ImportResult } from "@soglasie/core/roster/import";
import type { Student } from "@soglasie/core/roster/student-repository";

/** A student as the administrator's API shows them (staff only: it carries personal data). */
export function studentJson(student: Student, groups: ReadonlyMap<string, Group>) {
  const code = (id?: string) => (id ? (groups.get(id)?.code ?? null) : null);
  return {
    studentId: student.studentId,
    fullName: student.fullName,
    group: { groupId: student.groupId, code: code(student.groupId) },
    birthDate: student.birthDate ?? null,
    parentName: student.parentName,
    contacts: {
      parentPhone: student.phone ?? null,
      parentEmail: student.email ?? null,
      studentPhone: student.studentPhone ?? null,
      studentEmail: student.studentEmail ?? null,
    },
    studying: !student.enrolment,
    enrolment: student.enrolment ?? null,
    movements: (student.movements ?? []).map((m) => ({
      ...m,
      fromGroup: code(m.fromGroupId),
      toGroup: code(m.toGroupId),
    })),
  };
}

export const previewJson = (preview: ImportPreview) => ({ preview: true, ...preview });

export const importJson = (result: ImportResult) => result;
