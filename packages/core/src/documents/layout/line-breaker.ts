import { hyphenationPoints, SOFT_HYPHEN } from "./hyphenation.js";

/**
 * Breaks a run of text into lines. pdfkit's own wrapper breaks after hyphens, and text extraction
 * (pdftotext) then drops the hyphen of «информационно-коммуникационной» at the line end; here a
 * line ends at a space, in justified text also at a hyphenation point (a soft hyphen, drawn as a
 * hyphen and joined again by pdftotext), and only a word longer than the whole line is cut
 * between characters.
 *
 * Justified text is broken for the whole paragraph at once (total fit, after Knuth and Plass):
 * of all ways to break it, the one with the least uneven spaces, few hyphens and no two in a
 * row. Spaces may stretch (to 3 ordinary spaces at most where any way allows) or shrink to
 * MIN_SPACE; the last word of a paragraph is never broken (its tail would be the last line).
 */

export interface Line {
  text: string;
  /** Natural width: the words and ordinary spaces. */
  width: number;
  /** Spaces in the line (pdfkit's justification widens every one of them). */
  gaps: number;
  /** The line ends with a soft hyphen. */
  hyphenated: boolean;
}

export interface BreakOptions {
  width: number;
  /** Indent of the first line. */
  firstIndent?: number;
  /** Justified text: hyphenation points, spaces that stretch and shrink, the whole paragraph at once. */
  justify?: boolean;
}

/** Width of a string in the current font and size. */
export type Measure = (text: string) => number;

/** Spaces may shrink to this share of their width. */
export const MIN_SPACE = 0.8;
/** The widest space of a justified line, in ordinary spaces, unless no way of breaking allows it. */
export const MAX_SPACE = 3;

// Demerits of a line (TeX's): (LINE_PENALTY + badness)² + penalty², badness 100·r³ for spaces
// stretched by r ordinary spaces. A hyphen costs as much as spaces widened by about 1.4 ordinary
// spaces (fewer hyphens than TeX sets); two hyphenated lines in a row cost four hyphens more.
const LINE_PENALTY = 10;
const HYPHEN_PENALTY = 300;
const HYPHEN_DEMERITS = HYPHEN_PENALTY ** 2;
const CONSECUTIVE_HYPHENS = 400_000;
const TOO_WIDE = 1e8;

const GLUE_FORWARD = new Set(["№", "§", "г.", "п.", "пп.", "ст.", "ч.", "гр."]);
const GLUE_BACKWARD = new Set(["–", "—"]);
/** «С.П.» in «С.П. Иванова»: initials never end a line (the non-breaking space of ГОСТ Р 7.0.97). */
const INITIALS = /^(?:[А-ЯЁA-Z]\.){1,3}$/;

/**
 * Words for line breaking: «№» stays with its number, initials with the surname, a dash does not
 * start a line (Russian typesetting).
 */
export function glueWords(text: string): string[] {
  const words: string[] = [];
  let pendingForward = "";
  for (const word of text.split(" ")) {
    if (word === "") continue;
    if (GLUE_BACKWARD.has(word) && words.length > 0 && !pendingForward) {
      words[words.length - 1] += ` ${word}`;
      continue;
    }
    const joined = pendingForward ? `${pendingForward} ${word}` : word;
    if (GLUE_FORWARD.has(word) || INITIALS.test(word)) {
      pendingForward = joined;
      continue;
    }
    pendingForward = "";
    words.push(joined);
  }
  if (pendingForward) words.push(pendingForward);
  return words;
}

const spacesIn = (text: string): number => {
  let n = 0;
  for (const ch of text) if (ch === " ") n++;
  return n;
};

/** Width as pdfkit draws a line: each space-separated word on its own, plus the spaces. */
const lineWidth = (text: string, measure: Measure, space: number): number => {
  let w = 0;
  for (const word of text.split(" ")) w += measure(word);
  return w + spacesIn(text) * space;
};

export function breakLines(text: string, measure: Measure, opts: BreakOptions): Line[] {
  if (opts.justify) {
    const lines = breakParagraph(text, measure, opts);
    if (lines) return lines;
  }
  return breakGreedy(text, measure, opts);
}

/** First fit at spaces, ordinary spaces: for text that is not justified (and words wider than a line). */
function breakGreedy(text: string, measure: Measure, opts: BreakOptions): Line[] {
  const space = measure(" ");
  const lines: Line[] = [];
  let parts: string[] = [];
  let width = 0;
  const avail = () => opts.width - (lines.length === 0 ? (opts.firstIndent ?? 0) : 0);
  const flush = () => {
    const lineText = parts.join(" ");
    lines.push({ text: lineText, width, gaps: spacesIn(lineText), hyphenated: false });
    parts = [];
    width = 0;
  };
  const words = glueWords(text);
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    const w = measure(word);
    if (parts.length > 0 && width + space + w <= avail()) {
      parts.push(word);
      width += space + w;
      continue;
    }
    if (parts.length > 0) flush();
    if (w <= avail()) {
      parts.push(word);
      width = w;
      continue;
    }
    // Glued words that together are wider than the line («№ п/п» in a narrow cell) come apart first.
    if (word.includes(" ")) {
      words.splice(i + 1, 0, ...word.split(" ").slice(1));
      words[i] = word.split(" ")[0] as string;
      i--;
      continue;
    }
    // A word wider than the line: cut it into pieces that fit.
    let piece = "";
    for (const ch of word) {
      if (piece && measure(piece + ch) > avail()) {
        parts = [piece];
        width = measure(piece);
        flush();
        piece = "";
      }
      piece += ch;
    }
    parts = [piece];
    width = measure(piece);
  }
  if (parts.length > 0 || lines.length === 0) flush();
  return lines;
}

interface Break {
  /** Token the line after this break starts in, and the offset in it (0: at a space). */
  token: number;
  offset: number;
  /** Width of the text before the break, as if the paragraph were one line with ordinary spaces. */
  x: number;
  /** Spaces before the break (between tokens and inside glued tokens). */
  spaces: number;
  hyphen: boolean;
}

/** Total-fit breaking of justified text; undefined when some word cannot fit a line at all. */
function breakParagraph(text: string, measure: Measure, opts: BreakOptions): Line[] | undefined {
  const words = glueWords(text);
  if (words.length === 0) return undefined;
  const space = measure(" ");
  const hyphenWidth = measure(SOFT_HYPHEN);
  const first = opts.width - (opts.firstIndent ?? 0);

  // Candidate breaks in order: the start, every space, every hyphenation point, the end.
  const breaks: Break[] = [{ token: 0, offset: 0, x: 0, spaces: 0, hyphen: false }];
  let x = 0;
  let spaces = 0;
  words.forEach((word, i) => {
    if (i > 0) {
      breaks.push({ token: i, offset: 0, x, spaces, hyphen: false });
      x += space;
      spaces++;
    }
    // The last word stays whole.
    if (i < words.length - 1) {
      for (const at of hyphenationPoints(word)) {
        breaks.push({ token: i, offset: at, x: x + measure(word.slice(0, at)), spaces, hyphen: true });
      }
    }
    x += measure(word);
    spaces += spacesIn(word);
  });
  const end: Break = { token: words.length, offset: 0, x, spaces, hyphen: false };
  breaks.push(end);

  // The search in flat arrays (it runs ~20 times per candidate break).
  const n = breaks.length;
  const endX = new Float64Array(n);
  const endSpaces = new Int32Array(n);
  const hyphen = new Uint8Array(n);
  const startX = new Float64Array(n);
  const startSpaces = new Int32Array(n);
  breaks.forEach((br, k) => {
    endX[k] = br.x + (br.hyphen ? hyphenWidth : 0);
    endSpaces[k] = br.spaces;
    hyphen[k] = br.hyphen ? 1 : 0;
    // A space break starts the next line after the space.
    const atSpace = br.offset === 0 && k > 0;
    startX[k] = atSpace ? br.x + space : br.x;
    startSpaces[k] = atSpace ? br.spaces + 1 : br.spaces;
  });
  const shrink = space * (1 - MIN_SPACE);
  const best = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
  const from = new Int32Array(n).fill(-1);
  best[0] = 0;
  for (let b = 1; b < n; b++) {
    const last = b === n - 1;
    const toX = endX[b] as number;
    const toSpaces = endSpaces[b] as number;
    const toHyphen = hyphen[b] === 1;
    let bestHere = Number.POSITIVE_INFINITY;
    let bestFrom = -1;
    for (let a = b - 1; a >= 0; a--) {
      const avail = a === 0 ? first : opts.width;
      const natural = toX - (startX[a] as number);
      const gaps = toSpaces - (startSpaces[a] as number);
      if (natural - gaps * shrink > avail + 0.01) break; // too full, and fuller further back
      const before = best[a] as number;
      if (before === Number.POSITIVE_INFINITY) continue;
      let badness: number;
      if (last) {
        if (natural > avail + 0.01) continue;
        badness = 0;
      } else if (gaps === 0) {
        badness = TOO_WIDE;
      } else {
        const r = (avail - natural) / (gaps * space);
        const q = r >= 0 ? r : -r / (1 - MIN_SPACE);
        badness = 100 * q * q * q;
        if (r > MAX_SPACE - 1) badness += TOO_WIDE;
      }
      const d = LINE_PENALTY + badness;
      let total = before + d * d;
      if (toHyphen) total += hyphen[a] === 1 ? HYPHEN_DEMERITS + CONSECUTIVE_HYPHENS : HYPHEN_DEMERITS;
      if (total < bestHere) {
        bestHere = total;
        bestFrom = a;
      }
    }
    best[b] = bestHere;
    from[b] = bestFrom;
  }
  if (!Number.isFinite(best[breaks.length - 1] as number)) return undefined;

  const chosen: number[] = [];
  for (let b = breaks.length - 1; b > 0; b = from[b] as number) chosen.push(b);
  chosen.reverse();
  const lines: Line[] = [];
  let prev = breaks[0] as Break;
  for (const b of chosen) {
    const to = breaks[b] as Break;
    const parts: string[] = [];
    for (let t = prev.token; t <= Math.min(to.token, words.length - 1); t++) {
      const word = words[t] as string;
      const startAt = t === prev.token ? prev.offset : 0;
      if (t === to.token) {
        if (to.offset > 0) parts.push(word.slice(startAt, to.offset) + SOFT_HYPHEN);
        break;
      }
      parts.push(word.slice(startAt));
    }
    const lineText = parts.join(" ");
    lines.push({
      text: lineText,
      width: lineWidth(lineText, measure, space),
      gaps: spacesIn(lineText),
      hyphenated: to.hyphen,
    });
    prev = to;
  }
  return lines;
}
