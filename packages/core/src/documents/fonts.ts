import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import * as fontkit from "fontkit";

/**
 * Tinos (metric-compatible with Times New Roman, full Cyrillic) for official documents.
 * Parsing a TrueType font costs ~70 ms, so each face is parsed once per process and the parsed
 * fontkit object is handed to every PDFDocument (pdfkit accepts it in `registerFont`).
 */
export type FontFace = "regular" | "bold" | "italic" | "boldItalic";

const FILES: Record<FontFace, string> = {
  regular: "400Regular/Tinos_400Regular.ttf",
  bold: "700Bold/Tinos_700Bold.ttf",
  italic: "400Regular_Italic/Tinos_400Regular_Italic.ttf",
  boldItalic: "700Bold_Italic/Tinos_700Bold_Italic.ttf",
};

/** pdfkit font names used by the layout. */
export const FONT: Record<FontFace, string> = {
  regular: "Tinos",
  bold: "Tinos-Bold",
  italic: "Tinos-Italic",
  boldItalic: "Tinos-BoldItalic",
};

let cache: Record<FontFace, fontkit.Font> | undefined;

/**
 * Directory of the font files: FONTS_DIR when set (bundles keep the .ttf files beside the code),
 * else the installed @expo-google-fonts/tinos package.
 */
export function fontsDir(): string {
  const fromEnv = process.env.FONTS_DIR;
  if (fromEnv) return fromEnv;
  const require = createRequire(import.meta.url);
  return dirname(require.resolve("@expo-google-fonts/tinos/package.json"));
}

function fontPath(dir: string, face: FontFace): string {
  // A flat directory (bundle) holds the files without the package's subfolders.
  const nested = join(dir, FILES[face]);
  return existsSync(nested) ? nested : join(dir, FILES[face].split("/")[1] ?? "");
}

/** Paths of the font files (pdfkit parses a path on every document: the slow path, for benchmarks). */
export function fontFiles(): Record<FontFace, string> {
  const dir = fontsDir();
  return Object.fromEntries((Object.keys(FILES) as FontFace[]).map((f) => [f, fontPath(dir, f)])) as Record<
    FontFace,
    string
  >;
}

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

/** Characters the regular face cannot draw (they would print as empty boxes). */
export function missingGlyphs(text: string): string[] {
  const font = loadFonts().regular;
  const missing = new Set<string>();
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp > 0x20 && !font.hasGlyphForCodePoint(cp)) missing.add(ch);
  }
  return [...missing];
}
