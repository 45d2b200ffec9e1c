import { declineFullName, type Gender, type GrammaticalCase, gendered, genderOf } from "./names.js";
import {
  inSentence,
  POSITION_CASES,
  type PositionCase,
  type PositionCases,
  positionCases,
} from "./positions.js";

/**
 * A person named in a document with their position, in every case a sentence of an order needs:
 * «Ответственному лицу – {{responsible.dative.position}} {{responsible.dative.name}}» →
 * «Ответственному лицу – преподавателю информатики Смирнову Алексею Игоревичу».
 */
export interface NameAndPosition {
  name: string;
  position: string;
}

export type PersonForms = NameAndPosition & {
  gender?: Gender;
  /** The gendered word of an acknowledgment: «ознакомлен», «ознакомлена» (unknown: «ознакомлен(а)»). */
  acquainted: string;
} & Record<"nominative" | PositionCase, NameAndPosition>;

export interface PersonInput {
  name: string;
  position: string;
  gender?: Gender;
  /** Case forms of the position as the director checked them; missing ones are computed. */
  positionCases?: Partial<PositionCases>;
}

export function personForms(person: PersonInput): PersonForms {
  const gender = person.gender ?? genderOf(person.name);
  // The rules run only for forms the director has not checked (staff records carry all four).
  const given = person.positionCases ?? {};
  const computed = POSITION_CASES.every((c) => given[c]) ? undefined : positionCases(person.position);
  const form = (c: PositionCase): NameAndPosition => ({
    name: declineFullName(person.name, c as GrammaticalCase, gender),
    position: given[c] || (computed as PositionCases)[c],
  });
  const cases = Object.fromEntries(POSITION_CASES.map((c) => [c, form(c)])) as Record<
    PositionCase,
    NameAndPosition
  >;
  return {
    name: person.name,
    position: person.position,
    ...(gender ? { gender } : {}),
    acquainted: gendered(gender, "ознакомлен", "ознакомлена"),
    nominative: { name: person.name, position: inSentence(person.position) },
    ...cases,
  };
}
