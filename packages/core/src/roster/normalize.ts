/**
 * Normalisation of what people type into rosters, so that re-importing a file (or the same
 * person typed slightly differently) finds the same record.
 */

/*
 * Case mapping: Russian has no language-specific case rules (Unicode SpecialCasing has them only
 * for Lithuanian, Turkish and Azeri), so the plain String methods give exactly what
 * `toLocaleUpperCase("ru-RU")` gives, without asking ICU for the locale on every call — an import
 * normalises each name of every row several times.
 */
const upper = (s: string) => s.toUpperCase();
const lower = (s: string) => s.toLowerCase();

/** Latin letters that look like Cyrillic ones: group codes are often typed with a mix of both. */
const HOMOGLYPHS: Record<string, string> = {
  A: "А",
  B: "В",
  C: "С",
  E: "Е",
  H: "Н",
  K: "К",
  M: "М",
  O: "О",
  P: "Р",
  T: "Т",
  X: "Х",
  Y: "У",
};

/**
 * «тм - 21», «ТМ 21», «TM-21» (Latin) and «ТМ–21» all give the key «ТМ21»: separators (spaces,
 * dashes, dots, underscores) and letter case do not tell groups apart; a slash («22/1») does.
 */
export function groupCodeKey(code: string): string {
  return code
    .normalize("NFC")
    .toUpperCase()
    .replace(/Ё/g, "Е")
    .replace(/[\s\-\u2010-\u2015\u2212._]+/g, "")
    .replace(/[A-Z]/g, (ch) => HOMOGLYPHS[ch] ?? ch);
}

/** A group code for display: single spaces, standard hyphen. */
export function displayGroupCode(code: string): string {
  return code
    .normalize("NFC")
    .replace(/[\u2010-\u2015\u2212]/g, "-")
    .replace(/\s*-\s*/g, "-")
    .replace(/\s+/g, " ")
    .trim();
}

/** A person's name for display: single spaces, each part capitalised as typed people expect. */
export function displayName(name: string): string {
  return name
    .normalize("NFC")
    .replace(/\s+/g, " ")
    .trim()
    .split(" ")
    .map((word) =>
      word
        .split("-")
        .map((part) => {
          // «ИВАНОВ» (caps lock) and «иванов» become «Иванов»; mixed case («МакКензи») is kept.
          const low = lower(part);
          const base = part === upper(part) || part === low ? low : part;
          return upper(base.charAt(0)) + base.slice(1);
        })
        .join("-"),
    )
    .join(" ");
}

/** Identity of a person's name: case, «ё»/«е» and spacing do not matter. */
export function nameKey(name: string): string {
  return lower(name.normalize("NFC")).replace(/ё/g, "е").replace(/\s+/g, " ").trim();
}

/** «Иванов Иван Иванович» → «Иванов И. И.»: what a parent's page shows, to limit exposure of a leaked link. */
export function shortName(fullName: string): string {
  const [surname, ...given] = fullName.trim().split(/\s+/);
  if (!surname) return "";
  const initials = given
    .filter(Boolean)
    .map((g) => `${upper(g.charAt(0))}.`)
    .join(" ");
  return initials ? `${surname} ${initials}` : surname;
}

/** Russian mobile and landline numbers in one form: +7 and ten digits; undefined when it is not a number. */
export function normalizePhone(phone: string): string | undefined {
  const digits = phone.replace(/[^\d+]/g, "");
  const plain = digits.replace(/\+/g, "");
  if (digits.startsWith("+7") && plain.length === 11) return `+${plain}`;
  if (!digits.includes("+") && plain.length === 11 && (plain.startsWith("8") || plain.startsWith("7"))) {
    return `+7${plain.slice(1)}`;
  }
  if (!digits.includes("+") && plain.length === 10) return `+7${plain}`;
  return undefined;
}
