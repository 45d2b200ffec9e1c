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

/**
 * ГК РФ art. 21: the student may be given a personal link of their own (replacing the one the
 * parent holds) once they are of age by the date of birth the roster gives.
 */
export const mayGetOwnLink = (student: Pick<Student, "birthDate">, day: string): boolean =>
  isAdultOn(student, day) === true;

/** Who answers through the personal link: the student personally, or the parent (legal representative). */
export type Respondent = "student" | "representative";

/** What the applicant stated about the student's age when the college does not know the date of birth. */
export type AgeStatement = "adult" | "minor";

/**
 * ГК РФ art. 21 and 26, 152-ФЗ art. 9 p. 1 and p. 6: who decides on `day`. A student of 18 or older
 * decides personally; for a minor the parent (legal representative) decides. Without a date of
 * birth the college cannot tell: "ask" — the page asks the applicant, and the statement decides and
 * is recorded in the document (respondentByStatement).
 */
export function respondentOn(student: Pick<Student, "birthDate">, day: string): Respondent | "ask" {
  const adult = isAdultOn(student, day);
  return adult === undefined ? "ask" : adult ? "student" : "representative";
}

/** The applicant's statement decides who answers when the date of birth is unknown. */
export const respondentByStatement = (statement: AgeStatement): Respondent =>
  statement === "adult" ? "student" : "representative";
