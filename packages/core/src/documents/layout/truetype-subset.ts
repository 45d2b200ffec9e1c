/**
 * TrueType subsetting for the PDF's embedded fonts, straight from the font file's bytes: the same
 * output, byte for byte, as fontkit's TTFSubset (the tables a PDF needs: head, hhea, loca, maxp,
 * cvt, prep, glyf, hmtx, fpgm), without fontkit's generic table decoder and encoder, which cost a
 * new process ~45 ms per document face (issue 18). test/documents/precomputed-font.test.ts
 * compares the two on real documents.
 */

const MORE_COMPONENTS = 0x0020;
const ARG_1_AND_2_ARE_WORDS = 0x0001;
const WE_HAVE_A_SCALE = 0x0008;
const WE_HAVE_AN_X_AND_Y_SCALE = 0x0040;
const WE_HAVE_A_TWO_BY_TWO = 0x0080;

/** The parts of a TrueType file the subsetter reads, located once per face. */
export class TrueTypeFile {
  private readonly view: DataView;
  private readonly tables = new Map<string, { offset: number; length: number }>();
  readonly longOffsets: boolean;
  private readonly numberOfHMetrics: number;
  private loca: Uint32Array | undefined;

  constructor(readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const numTables = this.view.getUint16(4);
    for (let i = 0; i < numTables; i++) {
      const at = 12 + i * 16;
      const tag = String.fromCharCode(
        bytes[at] ?? 0,
        bytes[at + 1] ?? 0,
        bytes[at + 2] ?? 0,
        bytes[at + 3] ?? 0,
      );
      this.tables.set(tag, { offset: this.view.getUint32(at + 8), length: this.view.getUint32(at + 12) });
    }
    this.longOffsets = this.view.getInt16(this.table("head").offset + 50) === 1;
    this.numberOfHMetrics = this.view.getUint16(this.table("hhea").offset + 34);
    if (this.tables.has("CFF ") || !this.tables.has("glyf"))
      throw new Error("Only TrueType outlines (glyf) are supported");
  }

  table(tag: string): { offset: number; length: number } {
    const t = this.tables.get(tag);
    if (!t) throw new Error(`The font has no ${tag} table`);
    return t;
  }

  /** A table's bytes (a view into the file), or undefined when the font has none. */
  raw(tag: string, length?: number): Uint8Array | undefined {
    const t = this.tables.get(tag);
    if (!t) return undefined;
    return this.bytes.subarray(t.offset, t.offset + (length ?? t.length));
  }

  private offsets(): Uint32Array {
    if (this.loca) return this.loca;
    const { offset, length } = this.table("loca");
    const count = this.longOffsets ? length / 4 : length / 2;
    const loca = new Uint32Array(count);
    for (let i = 0; i < count; i++)
      loca[i] = this.longOffsets
        ? this.view.getUint32(offset + i * 4)
        : this.view.getUint16(offset + i * 2) * 2;
    this.loca = loca;
    return loca;
  }

  /** The glyph's outline record (empty for a blank glyph such as the space). */
  glyph(gid: number): Uint8Array {
    const loca = this.offsets();
    const start = this.table("glyf").offset + (loca[gid] ?? 0);
    const end = this.table("glyf").offset + (loca[gid + 1] ?? 0);
    return this.bytes.subarray(start, end);
  }

  /** Advance width and left side bearing from hmtx (the last advance repeats past numberOfHMetrics). */
  metrics(gid: number): { advance: number; bearing: number } {
    const at = this.table("hmtx").offset;
    const n = this.numberOfHMetrics;
    if (gid < n)
      return { advance: this.view.getUint16(at + gid * 4), bearing: this.view.getInt16(at + gid * 4 + 2) };
    const advance = n > 0 ? this.view.getUint16(at + (n - 1) * 4) : 0;
    const bearingAt = at + n * 4 + (gid - n) * 2;
    const bearing = bearingAt + 2 <= at + this.table("hmtx").length ? this.view.getInt16(bearingAt) : 0;
    return { advance, bearing };
  }
}

/** Positions of the component glyph ids in a composite glyph record. */
function componentIdPositions(glyph: Uint8Array): number[] {
  const view = new DataView(glyph.buffer, glyph.byteOffset, glyph.byteLength);
  const positions: number[] = [];
  let pos = 10;
  let flags = MORE_COMPONENTS;
  while (flags & MORE_COMPONENTS) {
    flags = view.getUint16(pos);
    positions.push(pos + 2);
    pos += 4 + (flags & ARG_1_AND_2_ARE_WORDS ? 4 : 2);
    if (flags & WE_HAVE_A_SCALE) pos += 2;
    else if (flags & WE_HAVE_AN_X_AND_Y_SCALE) pos += 4;
    else if (flags & WE_HAVE_A_TWO_BY_TWO) pos += 8;
  }
  return positions;
}

/** One document's subset of a face: pdfkit calls includeGlyph for every glyph it prints, then encode. */
export class TrueTypeSubset {
  readonly glyphs: number[] = [];
  private readonly mapping = new Map<number, number>();
  /** pdfkit checks this to choose CIDFontType0C; TrueType outlines have none. */
  readonly cff = undefined;

  constructor(private readonly file: TrueTypeFile) {
    this.includeGlyph(0);
  }

  includeGlyph(glyph: number | { id: number }): number {
    const gid = typeof glyph === "object" ? glyph.id : glyph;
    let mapped = this.mapping.get(gid);
    if (mapped === undefined) {
      this.glyphs.push(gid);
      mapped = this.glyphs.length - 1;
      this.mapping.set(gid, mapped);
    }
    return mapped;
  }

  encode(): Uint8Array {
    const file = this.file;
    const glyf: Uint8Array[] = [];
    const offsets: number[] = [];
    const metrics: Array<{ advance: number; bearing: number }> = [];
    let offset = 0;
    // The list grows while it is walked: composite glyphs bring their components.
    for (let i = 0; i < this.glyphs.length; i++) {
      const gid = this.glyphs[i] ?? 0;
      let record = file.glyph(gid);
      if (record.length >= 10 && new DataView(record.buffer, record.byteOffset).getInt16(0) < 0) {
        record = new Uint8Array(record); // a copy (Buffer#slice would be a view into the font)
        const view = new DataView(record.buffer);
        for (const at of componentIdPositions(record))
          view.setUint16(at, this.includeGlyph(view.getUint16(at)));
      }
      glyf.push(record);
      offsets.push(offset);
      metrics.push(file.metrics(gid));
      offset += record.length;
    }
    offsets.push(offset);

    const copy = (tag: string, length: number) =>
      new Uint8Array(file.raw(tag, length) ?? new Uint8Array(length));
    const head = copy("head", 54);
    const hhea = copy("hhea", 36);
    new DataView(hhea.buffer).setUint16(34, metrics.length);
    const maxp = copy("maxp", 32);
    new DataView(maxp.buffer).setUint16(4, glyf.length);
    const loca = new Uint8Array(offsets.length * (file.longOffsets ? 4 : 2));
    const locaView = new DataView(loca.buffer);
    offsets.forEach((o, i) => {
      if (file.longOffsets) locaView.setUint32(i * 4, o);
      else locaView.setUint16(i * 2, o >>> 1);
    });
    const hmtx = new Uint8Array(metrics.length * 4);
    const hmtxView = new DataView(hmtx.buffer);
    metrics.forEach((m, i) => {
      hmtxView.setUint16(i * 4, m.advance);
      hmtxView.setInt16(i * 4 + 2, m.bearing);
    });
    const glyfBytes = new Uint8Array(offset);
    let at = 0;
    for (const record of glyf) {
      glyfBytes.set(record, at);
      at += record.length;
    }
    // The table order and the directory fontkit writes: tag "true", zero checksums, no padding.
    const tables: Array<[string, Uint8Array | undefined]> = [
      ["head", head],
      ["hhea", hhea],
      ["loca", loca],
      ["maxp", maxp],
      ["cvt ", file.raw("cvt ")],
      ["prep", file.raw("prep")],
      ["glyf", glyfBytes],
      ["hmtx", hmtx],
      ["fpgm", file.raw("fpgm")],
    ];
    const present = tables.filter((t): t is [string, Uint8Array] => t[1] !== undefined);
    const headerLength = 12 + present.length * 16;
    const total = present.reduce((n, [, data]) => n + data.length, headerLength);
    const out = new Uint8Array(total);
    const view = new DataView(out.buffer);
    out.set([0x74, 0x72, 0x75, 0x65], 0);
    const power = 2 ** Math.floor(Math.log2(present.length));
    view.setUint16(4, present.length);
    view.setUint16(6, power * 16);
    view.setUint16(8, Math.log2(power));
    view.setUint16(10, present.length * 16 - power * 16);
    let dataAt = headerLength;
    present.forEach(([tag, data], i) => {
      const entry = 12 + i * 16;
      for (let c = 0; c < 4; c++) out[entry + c] = tag.charCodeAt(c);
      view.setUint32(entry + 8, dataAt);
      view.setUint32(entry + 12, data.length);
      out.set(data, dataAt);
      dataAt += data.length;
    });
    return out;
  }
}
