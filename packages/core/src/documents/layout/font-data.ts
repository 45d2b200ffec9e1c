import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { FILES, type FontFace } from "./font-files.js";

/**
 * What scripts/font-metrics.ts derives from a font file once, so that a new process lays out text
 * without parsing the font's layout tables (issue 18). Flat number arrays: JSON.parse reads them
 * in well under a millisecond.
 */
export const FONT_DATA_VERSION = 1;

export interface FontData {
  version: number;
  /** The file the data was derived from; the tests compare the hash with the installed font. */
  source: { file: string; sha256: string; fontkit: string };
  font: {
    postscriptName: string;
    unitsPerEm: number;
    ascent: number;
    descent: number;
    lineGap: number;
    xHeight: number;
    capHeight: number;
    bbox: [number, number, number, number];
    italicAngle: number;
    familyClass: number;
    fixedPitch: boolean;
    italic: boolean;
    notdefAdvance: number;
    spaceGlyph: number;
  };
  /** The kerning set of a run without a strong script (digits, punctuation: fontkit's DFLT). */
  neutralKernSet: number;
  /**
   * Triples (code point, glyph, class): the characters the precomputed layout handles. Class 0:
   * no strong script; k > 0: a strong script whose runs use kerning set k − 1.
   */
  chars: number[];
  /**
   * Pairs (code point, code point of its glyph in the text layer) where they differ: glyphs shared
   * by several characters stand for one of them (the soft hyphen extracts as «-», like the hyphen).
   */
  unicodeAs: number[];
  /** Pairs (glyph, advance width in font units). */
  advances: number[];
  /** Per set of GPOS lookups: triples (first glyph, second glyph, x-advance adjustment of the first). */
  kern: Array<{ lookups: number[]; pairs: number[] }>;
}

/** The file of a face's data: Tinos_400Regular.ttf → Tinos_400Regular.metrics.json. */
export function fontDataFile(face: FontFace): string {
  return (FILES[face].split("/").pop() ?? "").replace(/\.ttf$/, ".metrics.json");
}

/**
 * Where the data lives: FONT_DATA_DIR when set (a bundle of the server outside the repository, see
 * test/support/http-server.ts); beside the fonts in a Lambda bundle (FONTS_DIR, see scripts/build.ts), else
 * the committed files in font-data/ next to this module, else (another bundle of the repository's
 * code, e.g. the benchmarks' server) the nearest packages/core/src/documents/layout/font-data above it.
 */
export function fontDataDir(): string {
  const file = fontDataFile("regular");
  if (process.env.FONT_DATA_DIR) return process.env.FONT_DATA_DIR;
  const fromEnv = process.env.FONTS_DIR;
  if (fromEnv && existsSync(join(fromEnv, file))) return fromEnv;
  const here = dirname(fileURLToPath(import.meta.url));
  const beside = join(here, "font-data");
  if (existsSync(join(beside, file))) return beside;
  for (let dir = here, i = 0; i < 8; i++, dir = dirname(dir)) {
    const candidate = join(dir, "packages", "core", "src", "documents", "layout", "font-data");
    if (existsSync(join(candidate, file))) return candidate;
  }
  return beside;
}

export function readFontData(face: FontFace): FontData {
  const data = JSON.parse(readFileSync(join(fontDataDir(), fontDataFile(face)), "utf8")) as FontData;
  if (data.version !== FONT_DATA_VERSION)
    throw new Error(
      `${fontDataFile(face)}: version ${data.version}, expected ${FONT_DATA_VERSION} (npm run fonts:metrics)`,
    );
  return data;
}
