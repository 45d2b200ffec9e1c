/**
 * `npm run fonts:metrics`: derives from each Tinos face what the layout needs and that never changes
 * between runs — the character map, the advance widths, the kerning pairs, the font's descriptive
 * metrics — and writes it to packages/core/src/documents/layout/font-data/<file>.metrics.json.
 *
 * Why: parsing Tinos' OpenType layout tables and running fontkit's shaper cold cost ~240 ms of the
 * first document of every new process (issue 18). The layout reads these tables instead
 * (layout/precomputed-font.ts) and gets the same glyphs and positions fontkit gives, for every
 * character whose shaping is context-free in this font: the generator proves that from the font's
 * own GSUB and GPOS lookups and refuses to write a file it cannot prove. Text with any other
 * character (combining marks, Greek, Hebrew...) goes through fontkit as before.
 *
 * Run after upgrading @expo-google-fonts/tinos or fontkit; the tests compare the recorded font hash
 * with the installed file and the precomputed layout with fontkit's.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import * as fontkit from "fontkit";
import unicode from "unicode-properties";
import {
  FONT_DATA_VERSION,
  type FontData,
  fontDataDir,
  fontDataFile,
} from "../packages/core/src/documents/layout/font-data.js";
import {
  FILES,
  type FontFace,
  fontPath,
  fontsDir,
} from "../packages/core/src/documents/layout/font-files.js";
import { primeGlyphCodePoints } from "../packages/core/src/documents/layout/fonts.js";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);

/** fontkit's version (its package.json is not exported: read it beside the resolved entry). */
function fontkitVersion(): string {
  const entry = require.resolve("fontkit");
  const pkg = join(
    entry.slice(0, entry.lastIndexOf("/node_modules/fontkit/") + "/node_modules/fontkit".length),
    "package.json",
  );
  return (JSON.parse(readFileSync(pkg, "utf8")) as { version: string }).version;
}

// fontkit's DefaultShaper turns these features on for left-to-right text (rvrn, ltra/ltrm, the
// common and horizontal features); frac/numr/dnom only around U+2044, which is excluded below.
const DEFAULT_FEATURES = [
  "rvrn",
  "ltra",
  "ltrm",
  "ccmp",
  "locl",
  "rlig",
  "mark",
  "mkmk",
  "calt",
  "clig",
  "liga",
  "rclt",
  "curs",
  "kern",
];
/** fontkit falls back to these script tags when the text's own script is not in a table. */
const DEFAULT_SCRIPTS = ["DFLT", "dflt", "latn"];
/** Unicode scripts whose text is laid out by the precomputed tables; the rest goes to fontkit. */
const STRONG_SCRIPTS: Record<string, string> = { Latin: "latn", Cyrillic: "cyrl" };
const NEUTRAL_SCRIPTS = new Set(["Common", "Inherited", "Unknown"]);

// biome-ignore lint/suspicious/noExplicitAny: fontkit's parsed tables are untyped
type Any = any;

function isDefaultIgnorable(ch: number): boolean {
  // fontkit's LayoutEngine.isDefaultIgnorable (plane 0 part; the font maps nothing beyond it here).
  switch (ch >> 8) {
    case 0x00:
      return ch === 0x00ad;
    case 0x03:
      return ch === 0x034f;
    case 0x06:
      return ch === 0x061c;
    case 0x17:
      return ch >= 0x17b4 && ch <= 0x17b5;
    case 0x18:
      return ch >= 0x180b && ch <= 0x180e;
    case 0x20:
      return (
        (ch >= 0x200b && ch <= 0x200f) || (ch >= 0x202a && ch <= 0x202e) || (ch >= 0x2060 && ch <= 0x206f)
      );
    case 0xfe:
      return (ch >= 0xfe00 && ch <= 0xfe0f) || ch === 0xfeff;
    case 0xff:
      return ch >= 0xfff0 && ch <= 0xfff8;
    default:
      return ch >= 0x10000;
  }
}

const coverageGlyphs = (coverage: Any): number[] =>
  coverage.version === 1
    ? [...coverage.glyphs]
    : coverage.rangeRecords.flatMap((r: Any) =>
        Array.from({ length: r.end - r.start + 1 }, (_, i) => r.start + i),
      );

function classOf(glyph: number, classDef: Any): number {
  if (classDef.version === 1) {
    const i = glyph - classDef.startGlyph;
    return i >= 0 && i < classDef.classValueArray.length ? classDef.classValueArray[i] : 0;
  }
  for (const range of classDef.classRangeRecord)
    if (range.start <= glyph && glyph <= range.end) return range.class;
  return 0;
}

/** The lookups fontkit applies for a script tag: default features of the script's default language. */
function lookupsFor(table: Any, scriptTag: string): number[] {
  if (!table) return [];
  const find = (tags: string[]) => table.scriptList.find((s: Any) => tags.includes(s.tag));
  const entry = find([scriptTag]) ?? find(DEFAULT_SCRIPTS);
  if (!entry) return [];
  const indexes: number[] = [];
  for (const i of entry.script.defaultLangSys.featureIndexes) {
    const record = table.featureList[i];
    if (DEFAULT_FEATURES.includes(record.tag)) indexes.push(...record.feature.lookupListIndexes);
  }
  // fontkit applies a feature's lookups in lookup-list order.
  return [...new Set(indexes)].sort((a, b) => a - b);
}

/**
 * Glyphs a GSUB lookup could change in text made only of `simple` glyphs; empty when it cannot
 * fire there. Throws for lookup types this proof does not cover.
 */
function gsubInputs(lookup: Any, simple: Set<number>): number[] {
  const hits: number[] = [];
  const anyIn = (glyphs: number[]) => glyphs.some((g) => simple.has(g));
  for (const st of lookup.subTables) {
    switch (lookup.lookupType) {
      case 1:
      case 2:
      case 3:
        hits.push(...coverageGlyphs(st.coverage).filter((g) => simple.has(g)));
        break;
      case 4: {
        const first = coverageGlyphs(st.coverage);
        first.forEach((g, i) => {
          if (!simple.has(g)) return;
          for (const lig of st.ligatureSets.get(i))
            if (lig.components.every((c: number) => simple.has(c))) hits.push(g);
        });
        break;
      }
      case 6:
        if (st.version !== 3) throw new Error(`GSUB chaining context format ${st.version} is not covered`);
        if (
          [...st.backtrackCoverage, ...st.inputCoverage, ...st.lookaheadCoverage].every((c: Any) =>
            anyIn(coverageGlyphs(c)),
          )
        )
          for (const c of st.inputCoverage) hits.push(...coverageGlyphs(c).filter((g) => simple.has(g)));
        break;
      default:
        throw new Error(`GSUB lookup type ${lookup.lookupType} is not covered by the proof`);
    }
  }
  return hits;
}

/** The pair adjustments of one GPOS pair lookup among `simple` glyphs: first matching subtable wins. */
function pairLookup(lookup: Any, simple: number[]): Map<number, number> {
  const decided = new Map<number, number>();
  const simpleSet = new Set(simple);
  const value = (v: Any, where: string): number => {
    if (!v) return 0;
    for (const key of [
      "xPlacement",
      "yPlacement",
      "yAdvance",
      "xPlaDevice",
      "yPlaDevice",
      "xAdvDevice",
      "yAdvDevice",
    ])
      if (v[key]) throw new Error(`GPOS pair ${where} uses ${key}: not covered by the precomputed layout`);
    return v.xAdvance ?? 0;
  };
  for (const st of lookup.subTables) {
    const covered = coverageGlyphs(st.coverage);
    covered.forEach((g1, index) => {
      if (!simpleSet.has(g1)) return;
      if (st.version === 1) {
        for (const pair of st.pairSets.get(index)) {
          if (!simpleSet.has(pair.secondGlyph)) continue;
          const key = g1 * 65536 + pair.secondGlyph;
          if (decided.has(key)) continue;
          if (value(pair.value2, "value2")) throw new Error("GPOS pair value2 is not covered");
          decided.set(key, value(pair.value1, "value1"));
        }
      } else {
        const c1 = classOf(g1, st.classDef1);
        const row = st.classRecords.get(c1);
        for (const g2 of simple) {
          const key = g1 * 65536 + g2;
          if (decided.has(key)) continue;
          const record = row.get(classOf(g2, st.classDef2));
          if (value(record.value2, "value2")) throw new Error("GPOS pair value2 is not covered");
          decided.set(key, value(record.value1, "value1"));
        }
      }
    });
  }
  return decided;
}

export function deriveFontData(bytes: Uint8Array, file: string): FontData {
  const font: Any = fontkit.create(bytes);
  // The engine's fontkit fonts are primed (fonts.ts): every glyph carries the code point it stands
  // for in the PDF's text layer, and that code point decides whether fontkit hides it as a default
  // ignorable. The soft hyphen shares the hyphen's glyph, so it prints as «-» at a line's end.
  primeGlyphCodePoints(font);
  const textOf = (gid: number): number => font.getGlyph(gid).codePoints[0];
  const gdef = font.GDEF;
  const isMarkGlyph = (g: number) => gdef?.glyphClassDef && classOf(g, gdef.glyphClassDef) === 3;
  // Candidates: mapped, not ignorable, not a mark, of Latin, Cyrillic or no strong script.
  const candidates = new Map<number, { gid: number; script: string | undefined }>();
  for (const cp of font.characterSet as number[]) {
    if (cp === 0x2044 || (cp >= 0xe000 && cp <= 0xf8ff)) continue;
    const glyphId = font.glyphForCodePoint(cp).id;
    if (isDefaultIgnorable(textOf(glyphId) ?? cp)) continue;
    const script = unicode.getScript(cp);
    if (!NEUTRAL_SCRIPTS.has(script) && !STRONG_SCRIPTS[script]) continue;
    if (unicode.isMark(cp)) continue;
    const gid = font.glyphForCodePoint(cp).id;
    if (gid === 0 || isMarkGlyph(gid)) continue;
    candidates.set(cp, { gid, script: STRONG_SCRIPTS[script] });
  }
  // The script tags a run of these characters can select, and their lookups.
  const tags = ["Zzzz", ...new Set(Object.values(STRONG_SCRIPTS))];
  const gsubLookups = font.GSUB ? font.GSUB.lookupList.toArray() : [];
  const gposLookups = font.GPOS ? font.GPOS.lookupList.toArray() : [];
  // Remove every glyph a substitution could touch until nothing more can fire (a fixed point).
  let simple = new Set([...candidates.values()].map((c) => c.gid));
  for (;;) {
    const touched = new Set<number>();
    for (const tag of tags)
      for (const i of lookupsFor(font.GSUB, tag))
        for (const g of gsubInputs(gsubLookups[i], simple)) touched.add(g);
    if (touched.size === 0) break;
    simple = new Set([...simple].filter((g) => !touched.has(g)));
  }
  // Positioning: only pair lookups may act on simple glyphs; others must be unable to match.
  const kernSets: FontData["kern"] = [];
  const setOfTag = new Map<string, number>();
  const simpleList = [...simple].sort((a, b) => a - b);
  for (const tag of tags) {
    const lookups = lookupsFor(font.GPOS, tag);
    const known = kernSets.findIndex((s) => s.lookups.join() === lookups.join());
    if (known >= 0) {
      setOfTag.set(tag, known);
      continue;
    }
    const total = new Map<number, number>();
    for (const i of lookups) {
      const lookup = gposLookups[i];
      if (lookup.lookupType === 2) {
        for (const [key, dx] of pairLookup(lookup, simpleList))
          if (dx) total.set(key, (total.get(key) ?? 0) + dx);
        continue;
      }
      // Mark attachment (4, 5, 6) needs a mark; contextual (7, 8) and others must not match.
      if ([4, 5, 6].includes(lookup.lookupType)) continue;
      for (const st of lookup.subTables) {
        const cov = st.coverage ? coverageGlyphs(st.coverage) : [];
        if (cov.some((g) => simple.has(g)))
          throw new Error(`GPOS lookup ${i} (type ${lookup.lookupType}) may act on simple glyphs`);
      }
    }
    const pairs: number[] = [];
    for (const [key, dx] of [...total].sort((a, b) => a[0] - b[0]))
      pairs.push(Math.floor(key / 65536), key % 65536, dx);
    setOfTag.set(tag, kernSets.length);
    kernSets.push({ lookups, pairs });
  }
  const chars: number[] = [];
  const unicodeAs: number[] = [];
  const advances = new Map<number, number>();
  for (const [cp, { gid, script }] of [...candidates].sort((a, b) => a[0] - b[0])) {
    if (!simple.has(gid)) continue;
    // Class 0: no strong script (the run's script comes from another character); else 1 + kern set.
    chars.push(cp, gid, script ? 1 + (setOfTag.get(script) ?? 0) : 0);
    const text = textOf(gid);
    if (text !== undefined && text !== cp) unicodeAs.push(cp, text);
    advances.set(gid, font.getGlyph(gid).advanceWidth);
  }
  const os2 = font["OS/2"];
  return {
    version: FONT_DATA_VERSION,
    source: {
      file,
      sha256: createHash("sha256").update(bytes).digest("hex"),
      fontkit: fontkitVersion(),
    },
    font: {
      postscriptName: font.postscriptName,
      unitsPerEm: font.unitsPerEm,
      ascent: font.ascent,
      descent: font.descent,
      lineGap: font.lineGap,
      xHeight: font.xHeight,
      capHeight: font.capHeight,
      bbox: [font.bbox.minX, font.bbox.minY, font.bbox.maxX, font.bbox.maxY],
      italicAngle: font.italicAngle,
      familyClass: os2?.sFamilyClass ?? 0,
      fixedPitch: Boolean(font.post.isFixedPitch),
      italic: Boolean(font.head.macStyle.italic),
      notdefAdvance: font.getGlyph(0).advanceWidth,
      spaceGlyph: font.glyphForCodePoint(0x20).id,
    },
    neutralKernSet: setOfTag.get("Zzzz") ?? 0,
    chars,
    unicodeAs,
    advances: [...advances].sort((a, b) => a[0] - b[0]).flat(),
    kern: kernSets,
  };
}

const invokedDirectly = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  const out = fontDataDir();
  mkdirSync(out, { recursive: true });
  const dir = fontsDir();
  for (const face of Object.keys(FILES) as FontFace[]) {
    const path = fontPath(dir, face);
    const data = deriveFontData(readFileSync(path), basename(path));
    const target = join(out, fontDataFile(face));
    writeFileSync(target, `${JSON.stringify(data)}\n`);
    const pairs = data.kern.reduce((n, s) => n + s.pairs.length / 3, 0);
    console.log(
      `${target.replace(`${ROOT}/`, "")}: ${data.chars.length / 3} characters, ${pairs} kerning pairs in ${data.kern.length} sets`,
    );
  }
}
