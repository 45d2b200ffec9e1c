import { nameKey } from "../roster/normalize.js";
import type { Student } from "../roster/student-repository.js";

/**
 * How a roster row finds a known student (docs/students.md, «Как импорт узнаёт обучающихся»):
 *
 * 1. A row with the student's id («Код обучающегося», as the service exports it) is that student,
 *    wherever they study; an unknown id is an error of the row.
 * 2. Otherwise the candidates are the known students with the same full name (case, «ё» and spaces
 *    do not matter) whose date of birth equals the row's, or is unknown on either side.
 *    - a candidate in the row's group: that student (name and group identify a student as before;
 *      the row may add a missing date of birth);
 *    - no candidate: a new student;
 *    - one candidate in another group and both dates known (and equal): that student, transferred;
 *    - anything else (several candidates, or a date missing for a match in another group): the row
 *      is ambiguous — reported for a person to decide, never guessed, and not applied.
 *    A student of the row's group with the same name but another known date is a different person
 *    the group cannot hold under the same name: ambiguous too.
 * 3. A match who has left (expelled, graduated, on leave) is reported, not changed: their return is
 *    a decision with its own basis (students return).
 */
export type RowMatch =
  | { kind: "new" }
  | { kind: "same"; student: Student }
  | { kind: "transfer"; student: Student }
  | { kind: "ambiguous"; reason: string }
  | { kind: "unknown-id"; reason: string };

export interface KnownStudents {
  byId: Map<string, Student>;
  byName: Map<string, Student[]>;
}

export function indexStudents(students: Iterable<Student>): KnownStudents {
  const byId = new Map<string, Student>();
  const byName = new Map<string, Student[]>();
  for (const s of students) {
    byId.set(s.studentId, s);
    const list = byName.get(s.nameKey);
    if (list) list.push(s);
    else byName.set(s.nameKey, [s]);
  }
  return { byId, byName };
}

export interface MatchRow {
  student: string;
  birthDate?: string;
  studentId?: string;
}

/** `groupId`: the row's group when it exists already (a new group holds nobody yet). */
export function matchStudent(row: MatchRow, groupId: string | undefined, known: KnownStudents): RowMatch {
  const found = findStudent(row, groupId, known);
  if ((found.kind === "same" || found.kind === "transfer") && found.student.enrolment) {
    return {
      kind: "ambiguous",
      reason: "Обучающийся выбыл: если он вернулся, оформите возвращение на странице «Движение обучающихся»",
    };
  }
  return found;
}

function findStudent(row: MatchRow, groupId: string | undefined, known: KnownStudents): RowMatch {
  if (row.studentId) {
    const student = known.byId.get(row.studentId);
    if (!student) {
      return { kind: "unknown-id", reason: `Обучающийся с кодом ${row.studentId} не найден` };
    }
    return student.groupId === groupId ? { kind: "same", student } : { kind: "transfer", student };
  }
  const sameName = known.byName.get(nameKey(row.student)) ?? [];
  const candidates = sameName.filter((s) => !s.birthDate || !row.birthDate || s.birthDate === row.birthDate);
  const inGroup = sameName.find((s) => s.groupId === groupId);
  if (inGroup && !candidates.includes(inGroup)) {
    return {
      kind: "ambiguous",
      reason:
        "В группе уже есть обучающийся с такими ФИО и другой датой рождения: проверьте дату или укажите код обучающегося",
    };
  }
  if (inGroup) return { kind: "same", student: inGroup };
  if (candidates.length === 0) return { kind: "new" };
  if (candidates.length > 1) {
    return {
      kind: "ambiguous",
      reason: `Такие ФИО у ${candidates.length} известных обучающихся: укажите дату рождения или код обучающегося`,
    };
  }
  const [student] = candidates as [Student];
  if (student.birthDate && row.birthDate) return { kind: "transfer", student };
  return {
    kind: "ambiguous",
    reason:
      "Обучающийся с такими ФИО учится в другой группе, а даты рождения для сравнения нет: укажите дату рождения или код обучающегося",
  };
}
