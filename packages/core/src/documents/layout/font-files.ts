import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/**
 * Where the Tinos files are (Tinos: metric-compatible with Times New Roman, full Cyrillic). Kept
 * apart from fonts.ts so that code which only needs the files (glyph checks) does not load fontkit.
 */
export type FontFace = "regular" | "bold" | "italic" | "boldItalic";

export const FILES: Record<FontFace, string> = {
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

export function fontPath(dir: string, face: FontFace): string {
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
