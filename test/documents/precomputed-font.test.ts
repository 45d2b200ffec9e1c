import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import * as fontkit from "fontkit";
import { describe, expect, it } from "vitest";
import { DEFAULT_ORG } from "../../packages/core/src/config.js";
import { DEMO_DATA } from "../../packages/core/src/documents/layout/demo.js";
import { FONT_DATA_VERSION, readFontData } from "../../packages/core/src/documents/layout/font-data.js";
import {
  type FontFace,
  fontFiles,
  loadFonts,
  loadFullShaper,
  primeGlyphCodePoints,
} from "../../packages/core/src/documents/layout/fonts.js";
import { renderAndSign } from "../../packages/core/src/documents/pipeline.js";
import { DOCUMENT_TYPES } from "../../packages/core/src/documents/types.js";
import { pdfText } from "../support/pdf-tools.js";
import { testSigner } from "./support.js";

/**
 * Issue 18: the documents are laid out from tables derived from the fonts at build time
 * (scripts/font-metrics.ts) instead of fontkit's shaper. What must hold: the tables belong to the
 * installed fonts, and they give exactly what fontkit gives — the same glyphs, positions, widths,
 * subsets and, in the end, the same signed PDF bytes for every kind of document.
 */
const FACES: FontFace[] = ["regular", "bold", "italic", "boldItalic"];
// biome-ignore lint/suspicious/noExplicitAny: fontkit's runs are untyped
type Any = any;

/** The engine's fontkit fonts as they were before the tables: parsed and primed (fonts.ts). */
const primed = Object.fromEntries(
  FACES.map((face) => {
    const font = fontkit.create(readFileSync(fontFiles()[face]));
    primeGlyphCodePoints(font);
    return [face, font as Any];
  }),
) as Record<FontFace, Any>;

/** Text as pdfkit hands it to a font: split after each space. */
const pieces = (text: string) => text.split(/(?<=[ \t])/).filter(Boolean);

/** Every template's text, a few hard cases, and seeded random strings over the covered characters. */
function corpus(face: FontFace): string[] {
  const templates = readdirSync(join(process.cwd(), "templates"))
    .filter((f) => f.endsWith(".md"))
    .map((f) => readFileSync(join(process.cwd(), "templates", f), "utf8"));
  const hard = [
    "Ёлкина-Петрова Т.А. «№ 5» — 2026 г. (AV) To “x” ½ ©® образо\u00AD вательной\u00A0организации",
    "Кузнецова-Петрова Ы́ 1/2 fi fl ff “Сферум” MAX 10:30 №\u00A012-од",
  ];
  const chars = readFontData(face).chars.filter((_, i) => i % 3 === 0);
  let seed = 18;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const strings: string[] = [];
  for (let i = 0; i < 150; i++) {
    let s = "";
    for (let j = 0; j < 2 + Math.floor(random() * 8); j++)
      s += String.fromCodePoint(chars[Math.floor(random() * chars.length)] ?? 0x20);
    strings.push(s);
  }
  return [...new Set([...templates.flatMap((t) => t.split("\n")), ...hard, ...strings].flatMap(pieces))];
}

describe("precomputed font tables (issue 18)", () => {
  it("belong to the installed font files and this version of the format", () => {
    for (const face of FACES) {
      const data = readFontData(face);
      expect(data.version).toBe(FONT_DATA_VERSION);
      const sha256 = createHash("sha256").update(readFileSync(fontFiles()[face])).digest("hex");
      expect(sha256, `${face}: run npm run fonts:metrics`).toBe(data.source.sha256);
      // Latin, Cyrillic, digits and punctuation are all covered.
      for (const cp of [0x41, 0x7a, 0x410, 0x44f, 0x401, 0x451, 0x30, 0xab, 0xbb, 0x2014, 0x2116, 0xad, 0xa0])
        expect(loadFonts()[face].covers(String.fromCodePoint(cp)), `U+${cp.toString(16)}`).toBe(true);
    }
  });

  it("give fontkit's glyphs, positions, text and widths for every piece they cover", () => {
    for (const face of FACES) {
      const mine = loadFonts()[face];
      let compared = 0;
      for (const piece of corpus(face)) {
        if (!mine.covers(piece)) continue;
        compared++;
        const a = mine.layout(piece) as Any;
        const b = primed[face].layout(piece);
        const glyphs = (run: Any) => run.glyphs.map((g: Any) => `${g.id}:${g.codePoints.join("+")}`);
        const positions = (run: Any) =>
          run.positions.map((p: Any) => [p.xAdvance, p.yAdvance, p.xOffset, p.yOffset].join(","));
        expect(glyphs(a), `${face} ${JSON.stringify(piece)}`).toEqual(glyphs(b));
        expect(positions(a), `${face} ${JSON.stringify(piece)}`).toEqual(positions(b));
        // pdfkit's widthOfString: runs scaled to 1000 units per em, summed, at 12 pt.
        const scaled = b.positions.reduce(
          (w: number, p: Any) => w + p.xAdvance * (1000 / mine.unitsPerEm),
          0,
        );
        expect(mine.widthOfString(piece, 12)).toBe(scaled * (12 / 1000));
      }
      expect(compared).toBeGreaterThan(1000);
    }
  });

  it("cut the same font subset as fontkit, composite glyphs and their components included", () => {
    for (const face of FACES) {
      const ids = [
        ...new Set(
          [..."ТЁйЙёАБВгде«»№fiQ0123456789ӘӨ"].map(
            (c) => primed[face].glyphForCodePoint(c.codePointAt(0)).id,
          ),
        ),
      ];
      const theirs = primed[face].createSubset();
      const ours = loadFonts()[face].createSubset();
      for (const id of ids) {
        theirs.includeGlyph(id);
        ours.includeGlyph(id);
      }
      expect(Buffer.from(ours.encode()).equals(Buffer.from(theirs.encode())), face).toBe(true);
      // Composite glyphs brought their components (Ё is Е with a diaeresis).
      expect(ours.glyphs.length).toBeGreaterThan(ids.length + 1);
    }
  });

  it("produce the same signed PDF, byte for byte, as fontkit's shaper for every kind of document", async () => {
    const signer = testSigner();
    const meta = {
      documentId: "4f1c2b9e-0000-4000-8000-000000000018",
      number: "С-0018",
      date: "2026-11-25",
      verifyUrl: "https://example.org/verify/18",
      signedAt: new Date("2026-11-25T10:00:00Z"),
    };
    for (const type of DOCUMENT_TYPES) {
      const data = DEMO_DATA[type];
      const fast = await renderAndSign(type, data, meta, signer, DEFAULT_ORG);
      const full = await renderAndSign(type, data, meta, signer, DEFAULT_ORG, { fullShaper: true });
      expect(Buffer.from(fast.bytes).equals(Buffer.from(full.bytes)), type).toBe(true);
    }
  });

  it("hand text they do not cover (Greek, combining accents) to fontkit, loaded on demand", async () => {
    const source = readFileSync(join(process.cwd(), "templates", "regulation.md"), "utf8").replace(
      "# 1. Общие положения\n",
      "# 1. Общие положения\n\nФормулы: α + β = γ; ударение: заве́дующий.\n",
    );
    const doc = await renderAndSign(
      "regulation",
      DEMO_DATA.regulation,
      {
        documentId: "4f1c2b9e-0000-4000-8000-000000000019",
        number: "С-0019",
        date: "2026-11-25",
        verifyUrl: "https://example.org/v/19",
      },
      testSigner(),
      DEFAULT_ORG,
      { templateSource: source },
    );
    const text = await pdfText(doc.bytes);
    expect(text).toContain("α + β = γ");
    expect(text.normalize("NFC")).toContain("заве́дующий".normalize("NFC"));
    expect(loadFonts().regular.shaper).toBeDefined();
    await loadFullShaper();
  });
});
