import { readFileSync } from "node:fs";
import * as fontkit from "fontkit";
import { FILES, FONT, type FontFace, fontPath, fontsDir } from "./font-files.js";

export { FONT, type FontFace, fontFiles, fontsDir } from "./font-files.js";
export { missingGlyphs } from "./glyphs.js";

/**
 * Tinos (metric-compatible with Times New Roman, full Cyrillic) for official documents.
 * Parsing a TrueType font costs ~70 ms, so each face is parsed once per process and the parsed
 * fontkit object is handed to every PDFDocument (pdfkit accepts it in `registerFont`).
 */
let cache: Record<FontFace, fontkit.Font> | undefined;

/** The parsed faces, loaded on first use and reused for the life of the process. */
export function loadFonts(): Record<FontFace, fontkit.Font> {
  if (cache) return cache;
  const dir = fontsDir();
  const faces = {} as Record<FontFace, fontkit.Font>;
  for (const face of Object.keys(FILES) as FontFace[]) {
    const font = fontkit.create(readFileSync(fontPath(dir, face)));
    primeGlyphCodePoints(font);
    faces[face] = font;
  }
  cache = faces;
  return faces;
}

/**
 * fontkit caches glyph objects per font together with the code points they were first created
 * for, and pdfkit builds each PDF's ToUnicode map from those. Subsetting creates the components
 * of composite glyphs without code points (Cyrillic «Т» is built from Latin «T»), so with a
 * shared font a later document would print a «T» that text extraction cannot read. Creating every
 * mapped glyph up front, from its own code point, keeps the maps right for all documents.
 * Ligatures (U+FB00…) and private-use glyphs are left to the layout, which records the letters.
 */
function primeGlyphCodePoints(font: fontkit.Font): void {
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

/** Registers the four faces under their names (FONT) in a document; parsed once unless `fonts` is given. */
export function registerFonts(
  doc: PDFKit.PDFDocument,
  fonts: Record<FontFace, fontkit.Font | string> = loadFonts(),
): void {
  for (const face of Object.keys(FONT) as FontFace[]) {
    doc.registerFont(FONT[face], fonts[face] as unknown as string);
  }
}
