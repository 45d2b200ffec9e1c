import { readFileSync } from "node:fs";
import { fontFiles } from "./font-files.js";

/**
 * Which characters the document font can draw, for validating text before anything is rendered.
 * Only the font's character map ('cmap' table) is read — not fontkit, which parses the whole font
 * (~70 ms per face) and belongs to the PDF engine that is loaded on the first rendered document.
 * So validating a form does not load the PDF engine, and Lambda bundles keep it in a lazy chunk.
 */

const u16 = (b: DataView, at: number) => b.getUint16(at);
const u32 = (b: DataView, at: number) => b.getUint32(at);

/**
 * Code points a TrueType/OpenType font maps to a glyph, from its Unicode cmap subtable (the same
 * preference as fontkit: Windows full Unicode, then Unicode BMP). Formats 4 and 12 cover every
 * Unicode subtable fonts ship with in practice.
 */
export function cmapCodePoints(bytes: Uint8Array): Set<number> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const numTables = u16(view, 4);
  let cmap = -1;
  for (let i = 0; i < numTables; i++) {
    const record = 12 + i * 16;
    if (String.fromCharCode(...bytes.subarray(record, record + 4)) === "cmap") cmap = u32(view, record + 8);
  }
  if (cmap < 0) throw new Error("The font has no cmap table");
  const subtables = new Map<string, number>();
  for (let i = 0; i < u16(view, cmap + 2); i++) {
    const at = cmap + 4 + i * 8;
    subtables.set(`${u16(view, at)},${u16(view, at + 2)}`, cmap + u32(view, at + 4));
  }
  const preferred = ["3,10", "0,6", "0,4", "3,1", "0,3", "0,2", "0,1", "0,0"];
  for (const id of preferred) {
    const at = subtables.get(id);
    if (at === undefined) continue;
    const format = u16(view, at);
    if (format === 4) return format4(view, at);
    if (format === 12) return format12(view, at);
  }
  throw new Error("The font has no Unicode cmap subtable of format 4 or 12");
}

function format4(view: DataView, at: number): Set<number> {
  const out = new Set<number>();
  const segments = u16(view, at + 6) / 2;
  const ends = at + 14;
  const starts = ends + segments * 2 + 2;
  const deltas = starts + segments * 2;
  const rangeOffsets = deltas + segments * 2;
  for (let s = 0; s < segments; s++) {
    const start = u16(view, starts + s * 2);
    const end = u16(view, ends + s * 2);
    const delta = u16(view, deltas + s * 2);
    const rangeOffsetAt = rangeOffsets + s * 2;
    const rangeOffset = u16(view, rangeOffsetAt);
    for (let cp = start; cp <= end && cp !== 0xffff; cp++) {
      let glyph: number;
      if (rangeOffset === 0) glyph = (cp + delta) & 0xffff;
      else {
        glyph = u16(view, rangeOffsetAt + rangeOffset + (cp - start) * 2);
        if (glyph !== 0) glyph = (glyph + delta) & 0xffff;
      }
      if (glyph !== 0) out.add(cp);
    }
  }
  return out;
}

function format12(view: DataView, at: number): Set<number> {
  const out = new Set<number>();
  const groups = u32(view, at + 12);
  for (let g = 0; g < groups; g++) {
    const group = at + 16 + g * 12;
    const start = u32(view, group);
    const end = u32(view, group + 4);
    const firstGlyph = u32(view, group + 8);
    for (let cp = start; cp <= end; cp++) if (firstGlyph + (cp - start) !== 0) out.add(cp);
  }
  return out;
}

let drawable: Set<number> | undefined;

/** Characters the regular face cannot draw (they would print as empty boxes). */
export function missingGlyphs(text: string): string[] {
  drawable ??= cmapCodePoints(readFileSync(fontFiles().regular));
  const missing = new Set<string>();
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp > 0x20 && !drawable.has(cp)) missing.add(ch);
  }
  return [...missing];
}
