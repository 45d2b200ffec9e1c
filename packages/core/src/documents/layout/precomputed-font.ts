import type { FontData } from "./font-data.js";
import { TrueTypeFile, TrueTypeSubset } from "./truetype-subset.js";

/**
 * A font as pdfkit sees it (pdfkit takes any object with a `layout` method), laid out from the
 * tables scripts/font-metrics.ts derived from the file once: the character map, advance widths and
 * kerning pairs. For the characters those tables cover (Latin, Cyrillic, digits, punctuation: the
 * generator proved their shaping context-free in this font) the glyphs and positions are the ones
 * fontkit's shaper gives; any other character sends its run to fontkit, which is loaded only then
 * (`FullShaperNeeded`). The embedded subset is cut by TrueTypeSubset, same bytes as fontkit's.
 *
 * Why: fontkit parses the GSUB/GPOS tables and warms its shaper on the first document of every new
 * process (~240 ms, issue 18); warm, the lookups below are also cheaper than shaping.
 */

/** A glyph as pdfkit reads it: the id it subsets, its advance and the text it stands for. */
interface Glyph {
  id: number;
  advanceWidth: number;
  codePoints: number[];
}

interface Position {
  xAdvance: number;
  yAdvance: number;
  xOffset: number;
  yOffset: number;
}

/** fontkit's GlyphRun as far as pdfkit uses it. */
class Run {
  constructor(
    readonly glyphs: Glyph[],
    readonly positions: Position[],
  ) {}

  get advanceWidth(): number {
    let width = 0;
    for (const p of this.positions) width += p.xAdvance;
    return width;
  }
}

/** The subset of fontkit's Font that pdfkit calls for runs the tables do not cover. */
export interface Shaper {
  layout(text: string, features?: unknown): { glyphs: Glyph[]; positions: Position[]; advanceWidth: number };
}

/**
 * Thrown from a layout call that needs fontkit before it is loaded; the caller loads it
 * (`loadFullShaper`) and lays the document out again. Only text with characters outside the tables
 * (Greek, Hebrew, combining accents...) gets there, once per process.
 */
export class FullShaperNeeded extends Error {
  constructor() {
    super("This text needs the full OpenType shaper (fontkit)");
  }
}

export class PrecomputedFont {
  readonly postscriptName: string;
  readonly unitsPerEm: number;
  readonly ascent: number;
  readonly descent: number;
  readonly lineGap: number;
  readonly xHeight: number;
  readonly capHeight: number;
  readonly italicAngle: number;
  readonly bbox: { minX: number; minY: number; maxX: number; maxY: number };
  readonly "OS/2": { sFamilyClass: number };
  readonly post: { isFixedPitch: boolean };
  readonly head: { macStyle: { italic: boolean } };
  /** fontkit's font for runs outside the tables, once loaded. */
  shaper: Shaper | undefined;

  private readonly glyphOf = new Map<number, number>();
  private readonly classOf = new Map<number, number>();
  private readonly advanceOf = new Map<number, number>();
  private readonly unicodeAs = new Map<number, number>();
  private readonly kern: Array<Map<number, number>>;
  private readonly neutralKernSet: number;
  private readonly glyphs = new Map<number, Glyph>();
  private readonly notdef: Glyph;
  private file: TrueTypeFile | undefined;

  constructor(
    data: FontData,
    private readonly bytes: () => Uint8Array,
  ) {
    const f = data.font;
    this.postscriptName = f.postscriptName;
    this.unitsPerEm = f.unitsPerEm;
    this.ascent = f.ascent;
    this.descent = f.descent;
    this.lineGap = f.lineGap;
    this.xHeight = f.xHeight;
    this.capHeight = f.capHeight;
    this.italicAngle = f.italicAngle;
    this.bbox = { minX: f.bbox[0], minY: f.bbox[1], maxX: f.bbox[2], maxY: f.bbox[3] };
    this["OS/2"] = { sFamilyClass: f.familyClass };
    this.post = { isFixedPitch: f.fixedPitch };
    this.head = { macStyle: { italic: f.italic } };
    this.notdef = { id: 0, advanceWidth: f.notdefAdvance, codePoints: [] };
    const { chars, advances } = data;
    for (let i = 0; i < chars.length; i += 3) {
      this.glyphOf.set(chars[i] as number, chars[i + 1] as number);
      this.classOf.set(chars[i] as number, chars[i + 2] as number);
    }
    for (let i = 0; i < data.unicodeAs.length; i += 2)
      this.unicodeAs.set(data.unicodeAs[i] as number, data.unicodeAs[i + 1] as number);
    for (let i = 0; i < advances.length; i += 2)
      this.advanceOf.set(advances[i] as number, advances[i + 1] as number);
    this.kern = data.kern.map(({ pairs }) => {
      const map = new Map<number, number>();
      for (let i = 0; i < pairs.length; i += 3)
        map.set((pairs[i] as number) * 65536 + (pairs[i + 1] as number), pairs[i + 2] as number);
      return map;
    });
    this.neutralKernSet = data.neutralKernSet;
  }

  /** The font file, read and indexed on the first subset (the end of the first document). */
  private trueType(): TrueTypeFile {
    this.file ??= new TrueTypeFile(this.bytes());
    return this.file;
  }

  getGlyph(id: number): Glyph {
    if (id === 0) return this.notdef;
    const advance = this.advanceOf.get(id) ?? this.trueType().metrics(id).advance;
    return { id, advanceWidth: advance, codePoints: [] };
  }

  createSubset(): TrueTypeSubset {
    return new TrueTypeSubset(this.trueType());
  }

  /** Whether the tables cover every character of `text`. */
  covers(text: string): boolean {
    for (let i = 0; i < text.length; i++) if (!this.glyphOf.has(text.charCodeAt(i))) return false;
    return true;
  }

  layout(text: string, features?: unknown): Run | ReturnType<Shaper["layout"]> {
    const userFeatures =
      features !== undefined &&
      features !== null &&
      (Array.isArray(features) ? features.length > 0 : Object.keys(features as object).length > 0);
    if (userFeatures || !this.covers(text)) {
      if (!this.shaper) throw new FullShaperNeeded();
      return this.shaper.layout(text, features);
    }
    const n = text.length;
    const glyphs = new Array<Glyph>(n);
    const ids = new Array<number>(n);
    let kernSet = -1;
    for (let i = 0; i < n; i++) {
      const cp = text.charCodeAt(i);
      glyphs[i] = this.glyphFor(cp);
      ids[i] = glyphs[i]?.id ?? 0;
      // fontkit takes a run's script from its first character of a strong script.
      if (kernSet < 0) {
        const cls = this.classOf.get(cp) ?? 0;
        if (cls > 0) kernSet = cls - 1;
      }
    }
    const kern = this.kern[kernSet < 0 ? this.neutralKernSet : kernSet];
    const positions = new Array<Position>(n);
    for (let i = 0; i < n; i++) {
      let x = glyphs[i]?.advanceWidth ?? 0;
      if (kern && i + 1 < n) x += kern.get((ids[i] as number) * 65536 + (ids[i + 1] as number)) ?? 0;
      positions[i] = { xAdvance: x, yAdvance: 0, xOffset: 0, yOffset: 0 };
    }
    return new Run(glyphs, positions);
  }

  /**
   * What pdfkit's EmbeddedFont.widthOfString answers, without building glyph runs: the text split
   * after each space or tab as pdfkit splits it, every glyph's advance (with kerning) scaled to
   * 1000 units per em and summed in the same order, so the result is the same number. Undefined
   * when a piece needs the full shaper.
   */
  widthOfString(text: string, size: number): number | undefined {
    const scale = 1000 / this.unitsPerEm;
    let width = 0;
    let last = 0;
    let index = 0;
    while (index <= text.length) {
      const c = text.charCodeAt(index);
      if ((index === text.length && last < index) || c === 0x20 || c === 0x09) {
        const piece = this.pieceWidth(text, last, ++index, scale);
        if (piece === undefined) return undefined;
        width += piece;
        last = index;
      } else index++;
    }
    return width * (size / 1000);
  }

  private pieceWidth(text: string, from: number, to: number, scale: number): number | undefined {
    const end = Math.min(to, text.length);
    let kernSet = -1;
    for (let i = from; i < end; i++) {
      const cp = text.charCodeAt(i);
      const cls = this.classOf.get(cp);
      if (cls === undefined) return undefined;
      if (kernSet < 0 && cls > 0) kernSet = cls - 1;
    }
    const kern = this.kern[kernSet < 0 ? this.neutralKernSet : kernSet];
    let width = 0;
    let next = end > from ? (this.glyphOf.get(text.charCodeAt(from)) as number) : 0;
    for (let i = from; i < end; i++) {
      const id = next;
      let x = this.advanceOf.get(id) ?? 0;
      if (i + 1 < end) {
        next = this.glyphOf.get(text.charCodeAt(i + 1)) as number;
        if (kern) x += kern.get(id * 65536 + next) ?? 0;
      }
      width += x * scale;
    }
    return width;
  }

  private glyphFor(cp: number): Glyph {
    let glyph = this.glyphs.get(cp);
    if (!glyph) {
      const id = this.glyphOf.get(cp) ?? 0;
      glyph = { id, advanceWidth: this.advanceOf.get(id) ?? 0, codePoints: [this.unicodeAs.get(cp) ?? cp] };
      this.glyphs.set(cp, glyph);
    }
    return glyph;
  }
}
