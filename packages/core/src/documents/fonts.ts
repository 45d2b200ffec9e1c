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

/** The parsed faces, loaded on first use and reused for the life of the process. */
export function loadFonts(): Record<FontFace, fontkit.Font> {
  if (cache) return cache;
  const dir = fontsDir();
  const faces = {} as Record<FontFace, fontkit.Font>;
  for (const face of Object.keys(FILES) as FontFace[]) {
    faces[face] = fontkit.create(readFileSync(fontPath(dir, face)));
  }
  cache = faces;
  return faces;
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
