import createHyphenator from "hyphen";
import russian from "hyphen/patterns/ru.js";

/**
 * Where a word may be broken at the end of a justified line, by the Russian patterns of the
 * `hyphen` library (Liang's algorithm, the TeX patterns) and the rules of Russian typesetting:
 * at least 2 letters stay on the line and 3 go to the next (so «Сфе-рум»» but never «Сферу-м»»);
 * abbreviations (ГПОУ, ИКОП), short capitalised words, numbers, Latin words, URLs and e-mail
 * addresses are never broken, nor a compound at its own hyphen (a hyphen at a line end is read
 * back by pdftotext as a break and dropped: «информационно-» + «коммуникационной» would come
 * out as one word); the parts of a compound are broken like words.
 */

/** The character drawn at a break: shaped to the hyphen glyph; pdftotext joins the word again. */
export const SOFT_HYPHEN = "\u00AD";

const MIN_BEFORE = 2;
const MIN_AFTER = 3;
const MIN_WORD = MIN_BEFORE + MIN_AFTER;
/** Capitalised words shorter than this (names, sentence starts: «Ким», «Ёлкин», «Чита») stay whole. */
const MIN_CAPITALISED = 6;

const NEVER = /[\d@/\\:_=&?#%+]|www\.|[A-Za-z]|\p{L}\.\p{L}/u;
const CYRILLIC = /^[а-яёА-ЯЁ]+$/;
const CAPITALS = /[А-ЯЁ]/g;
const CAPITALISED = /^[А-ЯЁ]/;
const LEADING = /^[^\p{L}]*/u;
const TRAILING = /[^\p{L}]*$/u;

const newHyphenator = () =>
  createHyphenator(russian, { hyphenChar: SOFT_HYPHEN, minWordLength: MIN_WORD, html: false });
let hyphenator = newHyphenator();

/**
 * Words repeat within and across documents: each is hyphenated once per process. Bounded: at the
 * limit both this cache and the library's own (inside the hyphenator) start afresh.
 */
const MAX_CACHED_WORDS = 20_000;
const cache = new Map<string, readonly number[]>();
const NONE: readonly number[] = Object.freeze([]);

/** Offsets in `token` (a word with its punctuation, no spaces) where a line may break, ascending. */
export function hyphenationPoints(token: string): readonly number[] {
  let points = cache.get(token);
  if (points) return points;
  if (cache.size >= MAX_CACHED_WORDS) {
    cache.clear();
    hyphenator = newHyphenator();
  }
  points = computePoints(token);
  cache.set(token, points);
  return points;
}

/** Benchmarks: forget every hyphenated word (the cost of a process's first documents). */
export function clearHyphenationCache(): void {
  cache.clear();
  hyphenator = newHyphenator();
}

function computePoints(token: string): readonly number[] {
  if (token.length < MIN_WORD || /\s/.test(token) || NEVER.test(token)) return NONE;
  const lead = LEADING.exec(token)?.[0].length ?? 0;
  const trail = TRAILING.exec(token)?.[0].length ?? 0;
  const core = token.slice(lead, token.length - trail);
  const points: number[] = [];
  let offset = lead;
  for (const part of core.split("-")) {
    if (breakable(part)) {
      let at = 0;
      const pieces = hyphenator(part).split(SOFT_HYPHEN);
      for (const piece of pieces.slice(0, -1)) {
        at += piece.length;
        if (at >= MIN_BEFORE && part.length - at >= MIN_AFTER) points.push(offset + at);
      }
    }
    offset += part.length + 1;
  }
  return points.length > 0 ? points : NONE;
}

function breakable(part: string): boolean {
  if (part.length < MIN_WORD || !CYRILLIC.test(part)) return false;
  const capitals = part.match(CAPITALS)?.length ?? 0;
  if (capitals === 0) return true;
  // One capital, at the start, in a long word: «Положения». Several: an abbreviation.
  return capitals === 1 && CAPITALISED.test(part) && part.length >= MIN_CAPITALISED;
}
