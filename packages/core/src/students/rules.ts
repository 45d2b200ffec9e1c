import type { ConsentRequest } from "../consent/types.js";
import type { Student } from "../roster/student-repository.js";
import { ageOn } from "./birth-date.js";

/**
 * Rules of students' age and decisions (docs/students.md). ГК РФ art. 21: full legal capacity from
 * 18; art. 26 p. 1: a minor of 14–17 acts with the written consent of the legal representatives;
 * art. 28: for a child under 14 the parents act.
 */

/** The age of full legal capacity (ГК РФ art. 21 p. 1). */
export const AGE_OF_MAJORITY = 18;

/** ГК РФ art. 21: on `day` (ISO) the student is of age; undefined when the date of birth is unknown. */
export function isAdultOn(student: Pick<Student, "birthDate">, day: string): boolean | undefined {
  return student.birthDate ? ageOn(student.birthDate, day) >= AGE_OF_MAJORITY : undefined;
}

/**
 * A parent's decision given while the student was a minor, once the student is of age: it stays
 * (the parent's documents are kept as they were) but is marked for confirmation by the student
 * («нужно подтверждение совершеннолетнего»). Unknown dates of birth mark nothing.
 */
export function needsAdultConfirmation(
  student: Pick<Student, "birthDate">,
  request: Pick<ConsentRequest, "decision">,
  today: string,
): boolean {
  const decision = request.decision;
  if (!decision || !student.birthDate) return false;
  return isAdultOn(student, today) === true && isAdultOn(student, decision.decidedAt.slice(0, 10)) === false;
}
