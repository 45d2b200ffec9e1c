import RussianNouns from "russian-nouns-js";

/**
 * Staff positions in the case a sentence needs: «Ответственному лицу – преподавателю информатики …»,
 * «Назначить … преподавателя информатики …». A position is a head noun with the adjectives before it
 * («старший мастер», «социальный педагог», «медицинская сестра»); only they decline, the words after
 * the head stay as they are («информатики», «директора по УВР», «производственного обучения»).
 * The head noun is declined by russian-nouns-js, the adjectives by the regular endings below (the
 * library declines adjectives as nouns and misses some feminine forms). Positions are persons, so the
 * accusative of a masculine noun is its genitive. The result is a default: the director checks the
 * forms once per staff member and may correct them (staff records keep the checked forms).
 */

export const POSITION_CASES = ["genitive", "dative", "accusative", "instrumental"] as const;
export type PositionCase = (typeof POSITION_CASES)[number];
/** The forms of a position inside a sentence, one per case («преподавателю информатики»). */
export type PositionCases = Record<PositionCase, string>;

const engine = new RussianNouns.Engine();
const LIBRARY_CASE: Record<PositionCase, string> = {
  genitive: RussianNouns.Case.GENITIVE,
  dative: RussianNouns.Case.DATIVE,
  accusative: RussianNouns.Case.ACCUSATIVE,
  instrumental: RussianNouns.Case.INSTRUMENTAL,
};

/**
 * Participles and adjectives used as the head of a position: what follows them is their object
 * («заведующий отделением», «исполняющий обязанности директора»), not a noun they qualify.
 */
const ADJECTIVAL_HEADS = new Set([
  "заведующий",
  "заведующая",
  "исполняющий",
  "исполняющая",
  "управляющий",
  "управляющая",
  "дежурный",
  "дежурная",
  "рабочий",
  "уполномоченный",
  "уполномоченная",
]);

/** «ЗАМ», «УВР», «ИКТ»: abbreviations are never declined nor put in lower case. */
const isAbbreviation = (word: string) => /^\p{Lu}{2,}/u.test(word);
const ADJECTIVE = /(ый|ий|ой|ая|яя)$/;
const isAdjective = (lower: string) => lower.length >= 4 && ADJECTIVE.test(lower);

/** «Преподаватель информатики» → «преподаватель информатики»; «ЗАМ по УВР» stays. */
export function inSentence(position: string): string {
  const text = position.trim().replace(/\s+/g, " ");
  return /^\p{Lu}\p{Ll}/u.test(text) ? text.charAt(0).toLocaleLowerCase("ru-RU") + text.slice(1) : text;
}

const likeOriginal = (original: string, declined: string) =>
  /^\p{Lu}/u.test(original) ? declined.charAt(0).toLocaleUpperCase("ru-RU") + declined.slice(1) : declined;

/** Singular adjective endings by case (persons: the masculine accusative is the genitive). */
function declineAdjective(lower: string, grammaticalCase: PositionCase): string {
  const stem = lower.slice(0, -2);
  const ending = lower.slice(-2);
  const last = stem.slice(-1);
  const velar = "гкх".includes(last);
  const sibilant = "жшчщ".includes(last);
  if (ending === "ая" || ending === "яя") {
    const soft = ending === "яя" || sibilant;
    if (grammaticalCase === "accusative") return stem + (ending === "яя" ? "юю" : "ую");
    return stem + (soft ? "ей" : "ой");
  }
  // -ый, -ой (hard), -ий (hard after г/к/х, else soft).
  const soft = ending === "ий" && !velar;
  const i = velar || sibilant || ending === "ий" ? "им" : "ым";
  switch (grammaticalCase) {
    case "genitive":
    case "accusative":
      return stem + (soft ? "его" : "ого");
    case "dative":
      return stem + (soft ? "ему" : "ому");
    case "instrumental":
      return stem + i;
  }
}

/** A noun's grammatical gender from its ending, or undefined when it does not decline (-о, -е, -и…). */
function nounGender(lower: string): string | undefined {
  if (/[ая]$/.test(lower)) return RussianNouns.Gender.FEMININE;
  if (/[бвгджзйклмнпрстфхцчшщь]$/.test(lower)) return RussianNouns.Gender.MASCULINE;
  return undefined;
}

function declineNoun(lower: string, grammaticalCase: PositionCase): string {
  const gender = nounGender(lower);
  if (!gender) return lower;
  const forms = engine.decline({ text: lower, gender, animate: true }, LIBRARY_CASE[grammaticalCase]);
  return forms[0] ?? lower;
}

/** One word of the head phrase; compounds decline in each noun part («педагогу-организатору»). */
function declineWord(word: string, grammaticalCase: PositionCase, asAdjective: boolean): string {
  const parts = word.split("-");
  const out = parts.map((part, i) => {
    const lower = part.toLocaleLowerCase("ru-RU");
    if (isAbbreviation(part) || !/^\p{Ll}+$/u.test(lower)) return part;
    // «учебно-методический»: only the last part of a compound adjective declines.
    if (asAdjective)
      return i === parts.length - 1 ? likeOriginal(part, declineAdjective(lower, grammaticalCase)) : part;
    return likeOriginal(part, declineNoun(lower, grammaticalCase));
  });
  return out.join("-");
}

/** One position without commas: the adjectives and the head noun decline, the rest stays. */
function declineSingle(position: string, grammaticalCase: PositionCase): string {
  const words = position.split(" ");
  for (let i = 0; i < words.length; i++) {
    const word = words[i] ?? "";
    if (isAbbreviation(word) || /[.\d()«"]/.test(word)) break;
    const lastPart = (word.split("-").at(-1) ?? "").toLocaleLowerCase("ru-RU");
    if (isAdjective(lastPart)) {
      words[i] = declineWord(word, grammaticalCase, true);
      if (ADJECTIVAL_HEADS.has(lastPart)) break;
      continue;
    }
    words[i] = declineWord(word, grammaticalCase, false);
    break;
  }
  return words.join(" ");
}

/**
 * The position in `grammaticalCase`, as written otherwise («Заместитель директора по УВР» →
 * «Заместителю директора по УВР»). Several positions joined by commas decline each
 * («преподавателю, секретарю педагогического совета»).
 */
export function declinePosition(position: string, grammaticalCase: PositionCase): string {
  const text = position.trim().replace(/\s+/g, " ");
  return text
    .split(", ")
    .map((part) => declineSingle(part, grammaticalCase))
    .join(", ");
}

/** The default forms of a position inside a sentence (lower-case start unless an abbreviation). */
export function positionCases(position: string): PositionCases {
  const text = inSentence(position);
  return {
    genitive: declinePosition(text, "genitive"),
    dative: declinePosition(text, "dative"),
    accusative: declinePosition(text, "accusative"),
    instrumental: declinePosition(text, "instrumental"),
  };
}
