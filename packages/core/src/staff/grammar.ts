import { type Gender, genderOf } from "../language/names.js";
import { inSentence, POSITION_CASES, type PositionCases, positionCases } from "../language/positions.js";

/**
 * What documents need to write a staff member correctly: the position in each case (computed from
 * the position, corrected by the director where the rules miss) and the gender (from the patronymic
 * unless the record says otherwise).
 */

/** The forms of `position`: computed ones, replaced by `corrected` where given. */
export function positionFormsOf(
  position: string,
  corrected: Partial<Record<keyof PositionCases, string | undefined>> = {},
): PositionCases {
  const computed = positionCases(position);
  const out = { ...computed };
  for (const c of POSITION_CASES) {
    const value = corrected[c]?.trim();
    if (value) out[c] = value;
  }
  return out;
}

type Person = { fullName: string; position: string; gender?: Gender; positionCases?: PositionCases };

/** The gender documents use for the person: the record's, else the patronymic's (undefined if unknown). */
export const staffGender = (staff: Pick<Person, "fullName" | "gender">): Gender | undefined =>
  staff.gender ?? genderOf(staff.fullName);

/** The position's case forms of a record (records made before forms were stored get the computed ones). */
export const staffPositionCases = (staff: Pick<Person, "position" | "positionCases">): PositionCases =>
  staff.positionCases ?? positionFormsOf(staff.position);

/**
 * A staff member as document data (`personSchema` in documents/schemas.ts): the position as it reads
 * inside a sentence, its checked case forms and the gender.
 */
export function documentPerson(staff: Person): {
  name: string;
  position: string;
  gender?: Gender;
  positionCases: PositionCases;
} {
  const gender = staffGender(staff);
  return {
    name: staff.fullName,
    position: inSentence(staff.position),
    ...(gender ? { gender } : {}),
    positionCases: staffPositionCases(staff),
  };
}
