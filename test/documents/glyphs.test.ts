import { readFileSync } from "node:fs";
import * as fontkit from "fontkit";
import { describe, expect, it } from "vitest";
import { fontFiles } from "../../packages/core/src/documents/layout/fonts.js";
import { cmapCodePoints, missingGlyphs } from "../../packages/core/src/documents/layout/glyphs.js";

describe("glyph checks without the PDF engine", () => {
  it("reads the same character map as fontkit, for every face", () => {
    const files = fontFiles();
    for (const face of ["regular", "bold", "italic", "boldItalic"] as const) {
      const mine = cmapCodePoints(readFileSync(files[face]));
      const parsed = fontkit.create(readFileSync(files[face]));
      expect(mine.size).toBeGreaterThan(2000);
      // fontkit lists the 0xFFFF end marker of format 4 in its characterSet but has no glyph for it.
      const drawable = parsed.characterSet.filter((cp) => parsed.hasGlyphForCodePoint(cp));
      expect([...mine].sort((a, b) => a - b)).toEqual(drawable.sort((a, b) => a - b));
      // fontkit answers the same for code points it does not list (gaps, astral planes).
      for (const cp of [0x41, 0x416, 0x2116, 0xab, 0x1f600, 0x4e2d, 0x10ffff])
        expect(mine.has(cp), `U+${cp.toString(16)}`).toBe(parsed.hasGlyphForCodePoint(cp));
    }
  });

  it("names the characters a document cannot print", () => {
    expect(missingGlyphs("Ёлкина «№ 5» — ok")).toEqual([]);
    expect(missingGlyphs("Иванов 😀 中")).toEqual(["😀", "中"]);
  });
});
