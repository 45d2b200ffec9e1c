import { getGender, incline } from "lvovich";

/**
 * Russian personal names in the grammatical case a sentence needs («назначить … Смирнова Алексея
 * Игоревича», «поручить Ким Юлии Сергеевне»). lvovich knows which surnames do not decline
 * (Черных, Дурново, women's surnames ending in a consonant such as Ким or Шевчук), double surnames
 * and ё; gender comes from the patronymic, else the first name, unless the caller knows it.
 */

export type GrammaticalCase =
  | "nominative"
  | "genitive"
  | "dative"
  | "accusative"
  | "instrumental"
  | "prepositional";
export type Gender = "male" | "female";

export const CASES: readonly GrammaticalCase[] = [
  "nominative",
  "genitive",
  "dative",
  "accusative",
  "instrumental",
  "prepositional",
];

export interface NameParts {
  last: string;
  first?: string;
  /** Patronymic, with a Turkic «оглы»/«кызы» kept as part of it. */
  middle?: string;
}

/** «Фамилия Имя Отчество» as Russian offices write it. */
export function splitFullName(fullName: string): NameParts {
  const [last = "", first, ...rest] = fullName.trim().split(/\s+/);
  const middle = rest.join(" ");
  return { last, ...(first ? { first } : {}), ...(middle ? { middle } : {}) };
}

/** The person's gender from the patronymic (or first name), or undefined when it cannot be told. */
export function genderOf(fullName: string): Gender | undefined {
  const { last, first, middle } = splitFullName(fullName);
  if (middle) {
    if (/(вич|ич|оглы|улы|уулу)$/i.test(middle)) return "male";
    if (/(вна|чна|шна|кызы|гызы)$/i.test(middle)) return "female";
  }
  const g = getGender({ last, first, middle });
  return g === "male" || g === "female" ? g : undefined;
}

/**
 * The full name in `grammaticalCase`. Words the library leaves undeclined stay as written; a name
 * whose gender cannot be told is printed as written (a wrong ending is worse than none).
 */
export function declineFullName(fullName: string, grammaticalCase: GrammaticalCase, gender?: Gender): string {
  const trimmed = fullName.trim().replace(/\s+/g, " ");
  if (grammaticalCase === "nominative" || trimmed === "") return trimmed;
  const parts = splitFullName(trimmed);
  const g = gender ?? genderOf(trimmed);
  if (!g) return trimmed;
  const turkic = parts.middle?.match(/^(.*?)\s+(оглы|кызы|улы|уулу|гызы)$/i);
  const out = incline(
    { last: parts.last, first: parts.first, middle: turkic ? undefined : parts.middle, gender: g },
    grammaticalCase,
  );
  const words = [out.last ?? parts.last, out.first ?? parts.first];
  // «Мамед Ибрагим оглы»: the father's name and «оглы» stay as they are.
  words.push(turkic ? parts.middle : (out.middle ?? parts.middle));
  return words.filter(Boolean).join(" ");
}

/** «Иванова Светлана Петровна» → «С.П. Иванова»: initials before the surname (signature расшифровка). */
export function initialsBeforeSurname(
  fullName: string,
  grammaticalCase: GrammaticalCase = "nominative",
): string {
  const { last, first, middle } = splitFullName(fullName);
  if (!last) return "";
  const surname =
    grammaticalCase === "nominative" ? last : splitFullName(declineFullName(fullName, grammaticalCase)).last;
  const letters = [first, middle?.split(" ")[0]]
    .filter((w): w is string => Boolean(w))
    .map((w) => `${w.charAt(0).toLocaleUpperCase("ru-RU")}.`)
    .join("");
  return letters ? `${letters} ${surname}` : surname;
}

/** A word in the person's gender: `gendered("female", "ознакомлен", "ознакомлена")`; unknown: «ознакомлен(а)». */
export function gendered(gender: Gender | undefined, male: string, female: string): string {
  if (gender === "male") return male;
  if (gender === "female") return female;
  return female.startsWith(male) ? `${male}(${female.slice(male.length)})` : `${male} (${female})`;
}
