import { readFileSync } from "node:fs";
import type * as fontkit from "fontkit";
import { readFontData } from "./font-data.js";
import { FILES, FONT, type FontFace, fontPath, fontsDir } from "./font-files.js";
import { FullShaperNeeded, PrecomputedFont } from "./precomputed-font.js";

export { FONT, type FontFace, fontFiles, fontsDir } from "./font-files.js";
export { missingGlyphs } from "./glyphs.js";

/**
 * Tinos (metric-compatible with Times New Roman, full Cyrillic) for official documents, laid out
 * from tables derived from the files at build time (PrecomputedFont, issue 18): a new process reads
 * four small JSON files instead of parsing the fonts' OpenType tables. fontkit is loaded only for
 * text those tables do not cover (`loadFullShaper`).
 */
let cache: Record<FontFace, PrecomputedFont> | undefined;

/** The faces, loaded on first use and reused for the life of the process. */
export function loadFonts(): Record<FontFace, PrecomputedFont> {
  if (cache) return cache;
  const dir = fontsDir();
  const faces = {} as Record<FontFace, PrecomputedFont>;
  for (const face of Object.keys(FILES) as FontFace[]) {
    faces[face] = new PrecomputedFont(readFontData(face), () => readFileSync(fontPath(dir, face)));
  }
  cache = faces;
  return faces;
}

let fullShaper: Promise<Record<FontFace, fontkit.Font>> | undefined;

/**
 * Loads fontkit and parses the four faces for the runs the precomputed tables do not cover
 * (Greek, Hebrew, combining accents, user features). Once per process.
 */
export function loadFullShaper(): Promise<Record<FontFace, fontkit.Font>> {
  fullShaper ??= import("fontkit").then((fk) => {
    const dir = fontsDir();
    const faces = loadFonts();
    const parsed = {} as Record<FontFace, fontkit.Font>;
    for (const face of Object.keys(FILES) as FontFace[]) {
      const font = fk.create(readFileSync(fontPath(dir, face)));
      primeGlyphCodePoints(font);
      faces[face].shaper = font as unknown as PrecomputedFont["shaper"];
      parsed[face] = font;
    }
    return parsed;
  });
  return fullShaper;
}

/**
 * Runs a synchronous pdfkit build; when it meets text that needs the full shaper, loads it and
 * builds again from the start (the abandoned document is dropped).
 */
export async function buildWithShaper<T>(build: () => T): Promise<Awaited<T>> {
  try {
    return await build();
  } catch (error) {
    if (!(error instanceof FullShaperNeeded)) throw error;
    await loadFullShaper();
    return await build();
  }
}

/**
 * fontkit caches glyph objects per font together with the code points they were first created
 * for, and pdfkit builds each PDF's ToUnicode map from those. Subsetting creates the components
 * of composite glyphs without code points (Cyrillic «Т» is built from Latin «T»), so with a
 * shared font a later document would print a «T» that text extraction cannot read. Creating every
 * mapped glyph up front, from its own code point, keeps the maps right for all documents.
 * Ligatures (U+FB00…) and private-use glyphs are left to the layout, which records the letters.
 */
export function primeGlyphCodePoints(font: fontkit.Font): void {
  const codePoints = [...font.characterSet].sort((a, b) => a - b);
  const skip = (cp: number) => (cp >= 0xe000 && cp <= 0xf8ff) || (cp >= 0xfb00 && cp <= 0xfb4f);
  for (const cp of codePoints) if (!skip(cp)) font.glyphForCodePoint(cp);
  // Subsetting decodes every used glyph's outline again for each document; the decoded data of a
  // static TrueType font never changes, so each glyph keeps the first result.
  for (const cp of codePoints) memoizeDecode(font.glyphForCodePoint(cp));
  // Where Latin and Cyrillic share a glyph (Ә/Ə), the Cyrillic letter wins.
  for (const cp of codePoints) {
    if (cp >= 0x400 && cp <= 0x4ff) {
      const glyph = font.glyphForCodePoint(cp);
      if (!glyph.codePoints.includes(cp)) glyph.codePoints = [cp];
    }
  }
}

function memoizeDecode(glyph: object): void {
  const g = glyph as { _decode?: () => unknown; __memo?: true };
  const decode = g._decode;
  if (typeof decode !== "function" || g.__memo) return;
  let done = false;
  let value: unknown;
  g._decode = function (this: unknown) {
    if (!done) {
      value = decode.call(this);
      done = true;
    }
    return value;
  };
  g.__memo = true;
}

/** Registers the four faces under their names (FONT) in a document; loaded once unless `fonts` is given. */
export function registerFonts(
  doc: PDFKit.PDFDocument,
  fonts: Record<FontFace, PrecomputedFont | fontkit.Font | string> = loadFonts(),
): void {
  for (const face of Object.keys(FONT) as FontFace[]) {
    doc.registerFont(FONT[face], fonts[face] as unknown as string);
  }
}
