/**
 * Dates of birth as Russian offices write them in rosters: «01.09.2008», «1.9.2008», «01/09/2008»,
 * «2008-09-01» (what a spreadsheet exports), «1 сентября 2008», «1 сентября 2008 г.». A two-digit
 * year («01.09.08») is refused: for a date of birth a wrong century cannot be guessed safely.
 */

const MONTHS: Array<[RegExp, number]> = [
  [/^янв/, 1],
  [/^фев/, 2],
  [/^мар/, 3],
  [/^апр/, 4],
  [/^ма[йяе]/, 5],
  [/^июн/, 6],
  [/^июл/, 7],
  [/^авг/, 8],
  [/^сен/, 9],
  [/^окт/, 10],
  [/^ноя/, 11],
  [/^дек/, 12],
];

export type BirthDateResult = { ok: true; date: string } | { ok: false; message: string };

const pad = (n: number) => String(n).padStart(2, "0");

function isoIfValid(year: number, month: number, day: number): string | undefined {
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day)
    return undefined;
  return `${year}-${pad(month)}-${pad(day)}`;
}

/** The ISO date of a written date of birth, checked against `today` (ISO, organisation's zone). */
export function parseBirthDate(text: string, today: string): BirthDateResult {
  const s = text.trim().toLocaleLowerCase("ru-RU").replace(/ё/g, "е").replace(/\s+/g, " ");
  const numeric = /^(\d{1,2})[./-](\d{1,2})[./-](\d{2}|\d{4})(?: ?г(?:\.|ода?)?)?$/.exec(s);
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[t ].*)?$/.exec(s);
  const words = /^(\d{1,2}) ([а-я]+)\.? (\d{4})(?: ?г(?:\.|ода?)?)?$/.exec(s);
  let parts: [number, number, number];
  if (numeric) {
    if (numeric[3]!.length === 2)
      return { ok: false, message: "Укажите год рождения четырьмя цифрами: 01.09.2008" };
    parts = [Number(numeric[3]), Number(numeric[2]), Number(numeric[1])];
  } else if (iso) {
    parts = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  } else if (words) {
    const found = MONTHS.find(([re]) => re.test(words[2]!));
    if (!found) return { ok: false, message: `Непонятный месяц «${words[2]}» в дате рождения` };
    parts = [Number(words[3]), found[1], Number(words[1])];
  } else {
    return { ok: false, message: "Дата рождения: в виде 01.09.2008 или 1 сентября 2008 г." };
  }
  const date = isoIfValid(...parts);
  if (!date) return { ok: false, message: "Такой даты нет в календаре" };
  if (date > today) return { ok: false, message: "Дата рождения в будущем" };
  if (ageOn(date, today) > 100) return { ok: false, message: "Проверьте год рождения" };
  return { ok: true, date };
}

/** Full years on `day` (both ISO dates): the birthday itself counts (born 29 February: 1 March in other years). */
export function ageOn(birthDate: string, day: string): number {
  const [by, bm, bd] = birthDate.split("-").map(Number) as [number, number, number];
  const [y, m, d] = day.slice(0, 10).split("-").map(Number) as [number, number, number];
  let age = y - by;
  if (m < bm || (m === bm && d < bd)) age--;
  return age;
}
