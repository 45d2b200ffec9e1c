import PDFDocument from "pdfkit";
import { ruDate } from "../../clock.js";
import type { OrgRequisites } from "../../config.js";
import type { CertificateInfo, DocumentMeta } from "../types.js";
import {
  buildWithShaper,
  FONT,
  type FontFace,
  fontFiles,
  loadFonts,
  loadFullShaper,
  registerFonts,
} from "./fonts.js";
import { breakLines, type Line } from "./line-breaker.js";
import type { Align, Block, Rich } from "./markup.js";
import { type Margins, MM, PAGE, PAGE_NUMBER_TOP, pageMargins, QR_CLEARANCE, QR_SIDE } from "./page.js";
import { pdfOutput } from "./pdf-output.js";
import { makePdfA, pdfaOptions } from "./pdfa.js";
import { PrecomputedFont } from "./precomputed-font.js";
import { drawQr } from "./qr.js";
import { draftMarkLines, type MarkLine, markLines } from "./signature-mark.js";
import type { FilledTemplate } from "./templates.js";

/**
 * Lays a filled template out as A4 pages per ГОСТ Р 7.0.97-2025 (docs/documents.md lists each
 * requisite and its source): Tinos 12–14 pt; fields left 20 mm (30 mm for documents kept over
 * 10 years), right 10 mm, top and bottom 20 mm, and nothing printed in them but the page numbers;
 * organisation, document kind, date and registration number, place, heading, text with Russian
 * hyphenation, the signature with the visual mark of the electronic signature where the
 * handwritten signature would be, отметка об исполнителе at the bottom left of the last page,
 * the QR code of the document at the bottom right of the first page, and page numbers from the
 * second page, centred 10 mm from the top edge.
 */

const INDENT = 12.5 * MM;
const MARK_COLOR = "#1d3c8f";
const DRAFT_COLOR = "#9a1b1b";
const TEXT_COLOR = "#000000";
const CAPTION_SIZE = 8;
const EXECUTOR_SIZE = 10;
const PAGE_NUMBER_SIZE = 12;

/** One line of text as it was set (tests measure the PDF against it). */
export interface LaidLine {
  /** 0-based page index. */
  page: number;
  /** Top left of the line box and its width. */
  x: number;
  y: number;
  width: number;
  /** Natural width of the text (ordinary spaces). */
  natural: number;
  size: number;
  bold: boolean;
  align: Align;
  /** The last line of its paragraph (or of a `<br>` line). */
  last: boolean;
  /** Spaces in the line and the width each one was drawn with. */
  gaps: number;
  gapWidth: number;
  /** Width of an ordinary space in this font and size. */
  spaceWidth: number;
  hyphenated: boolean;
  text: string;
}

export interface RenderInput {
  filled: FilledTemplate;
  org: OrgRequisites;
  meta: DocumentMeta;
  certificate: CertificateInfo;
  signedAt: Date;
  /** Called on the finished layout before the document is closed (adds the signature placeholder). */
  beforeEnd?: (doc: PDFKit.PDFDocument) => void;
  /** Benchmarks only: read and parse the font files for this document instead of reusing them. */
  reparseFonts?: boolean;
  /**
   * Tests and benchmarks: lay every run out with fontkit's shaper and subsetter (the primed fonts
   * of `loadFullShaper`), as the engine did before the precomputed tables; the output must be the same.
   */
  fullShaper?: boolean;
  /** Benchmarks only: `false` lays justified text out without hyphenation. */
  hyphenate?: boolean;
  /** Tests: receives every line of text as it is set. */
  onLine?: (line: LaidLine) => void;
  /**
   * A draft for preview (documents/pipeline.ts renderDraft): «ПРОЕКТ» across every page, a frame
   * saying it is not signed in place of the signature mark, a note in place of the QR code (a draft
   * has no verification page), and no document id in the file's metadata.
   */
  draft?: boolean;
  /** A draft's status, printed above the header of its first page (default: not signed, no force). */
  draftNote?: string;
}

/** Produces the unsigned PDF bytes (with whatever `beforeEnd` adds). */
export function renderPdf(input: RenderInput): Promise<Buffer> {
  // Text outside the precomputed font tables (fonts.ts) loads fontkit and lays the document out again.
  if (input.fullShaper) return loadFullShaper().then((fonts) => buildPdf(input, fonts));
  return buildWithShaper(() => buildPdf(input));
}

function buildPdf(input: RenderInput, fonts?: Record<FontFace, unknown>): Promise<Buffer> {
  const { filled, meta, signedAt } = input;
  const doc = new PDFDocument({
    size: "A4",
    margins: pageMargins(filled.storage),
    bufferPages: true,
    autoFirstPage: true,
    // PDF/A-2b (pdfa.ts): XMP identification, the sRGB output intent, PDF 1.7.
    ...pdfaOptions,
    lang: "ru-RU",
    displayTitle: true,
    font: null as unknown as string,
    info: {
      Title: input.draft ? `ПРОЕКТ: ${filled.recordTitle}` : filled.recordTitle,
      Author: input.org.shortName,
      Subject: filled.kind,
      Creator: "Soglasie consent-service",
      CreationDate: signedAt,
      ModDate: signedAt,
      // Read back by verification to find the record of an altered copy (a draft has no record).
      ...(input.draft ? {} : { SoglasieDocumentId: meta.documentId }),
    } as PDFKit.DocumentInfo,
  });
  makePdfA(doc);
  registerFonts(
    doc,
    (fonts ?? (input.reparseFonts ? fontFiles() : loadFonts())) as Parameters<typeof registerFonts>[1],
  );
  const done = pdfOutput(doc);
  // The shared run caches hold the precomputed engine's runs only.
  const shared = !input.reparseFonts && !input.fullShaper;
  if (shared) trimLayoutCaches();
  new Layout(doc, input, shared).run();
  input.beforeEnd?.(doc);
  doc.end();
  return done;
}

/**
 * pdfkit shapes every word with fontkit (OpenType GSUB/GPOS: most of a document's time) and caches
 * the result per document. The glyph runs depend only on the font face, so one cache per face is
 * shared by all documents of the process (only the run cache: subsets and ToUnicode maps stay
 * per document). Bounded: reset when it grows past MAX_CACHED_WORDS.
 */
const MAX_CACHED_WORDS = 50_000;
const layoutCaches = new Map<FontFace, Record<string, unknown>>();
/** Advance widths of words at 1 pt, by pdfkit font name and word. */
const wordWidths = new Map<string, number>();
/** Lines of a run of text, by font, size, width, indent, justification and text. */
const MAX_CACHED_PARAGRAPHS = 5_000;
const brokenLines = new Map<string, readonly Line[]>();

function shareLayoutCache(doc: PDFKit.PDFDocument, face: FontFace): void {
  const font = (doc as unknown as { _font?: { layoutCache?: Record<string, unknown> } })._font;
  if (!font) return;
  let cache = layoutCaches.get(face);
  if (!cache) {
    cache = Object.create(null) as Record<string, unknown>;
    layoutCaches.set(face, cache);
  }
  if (font.layoutCache !== cache) font.layoutCache = cache;
}

function trimLayoutCaches(): void {
  for (const [face, cache] of layoutCaches) {
    if (Object.keys(cache).length > MAX_CACHED_WORDS) layoutCaches.delete(face);
  }
}

type Signature = Extract<Block, { kind: "signature" }>;
/** The mark alone, after the text, for a template without `@signature`. */
const IMPLICIT_SIGNATURE: Signature = { kind: "signature", left: [], right: [], mark: true };
type Executor = Extract<Block, { kind: "executor" }>;

interface RichOptions {
  x?: number;
  width?: number;
  align?: Align;
  indent?: number;
  bold?: boolean;
  size?: number;
}

class Layout {
  private readonly size: number;
  private readonly margins: Margins;
  private readonly x: number;
  private readonly width: number;
  private readonly timeZone: string;
  /** 0-based index of the page being filled. */
  private page = 0;
  /** Drawing the QR code's band or the executor at the page bottom: the band is not off limits. */
  private inBand = false;
  /**
   * Height that must follow the last lines of the block being laid out on the same page: a
   * signature never stands on a page of its own, at least two lines of text go with it.
   */
  private keep = 0;
  private markDrawn = false;
  private markContent: MarkLine[] | undefined;
  private executorBlock: Executor | undefined;

  constructor(
    private readonly doc: PDFKit.PDFDocument,
    private readonly input: RenderInput,
    private readonly sharedCache = true,
  ) {
    this.size = input.filled.fontSize;
    this.margins = pageMargins(input.filled.storage);
    this.x = this.margins.left;
    this.width = PAGE.width - this.margins.left - this.margins.right;
    this.timeZone = input.meta.timeZone ?? "Asia/Chita";
    doc.fillColor(TEXT_COLOR).font(FONT.regular).fontSize(this.size);
  }

  run(): void {
    const { blocks } = this.input.filled;
    if (this.input.draft) this.draftStatus();
    if (!blocks.some((b) => b.kind === "header")) this.header();
    blocks.forEach((block, i) => {
      this.keep = this.keepWithSignature(blocks, i);
      this.block(block);
      this.keep = 0;
    });
    if (!this.markDrawn) this.signatureRow(IMPLICIT_SIGNATURE);
    if (this.executorBlock) this.executor(this.executorBlock);
    const last = this.page;
    if (this.input.draft) this.draftNote();
    else this.qrCode();
    this.pageNumbers();
    if (this.input.draft) this.draftWatermarks();
    // The signature widget goes on the last page.
    this.doc.switchToPage(this.doc.bufferedPageRange().start + last);
  }

  /** Bottom of the text on the current page: the first page keeps room for the QR code. */
  private get maxY(): number {
    const bottom = PAGE.height - this.margins.bottom;
    return this.page === 0 && !this.inBand ? bottom - QR_SIDE - QR_CLEARANCE : bottom;
  }

  private newPage(): void {
    this.doc.addPage();
    this.page++;
    this.doc.y = this.margins.top;
  }

  private lineHeight(size = this.size): number {
    return this.doc.font(FONT.regular).fontSize(size).currentLineHeight(true);
  }

  /** Starts a new page unless `height` fits below the current position. */
  private ensure(height: number): void {
    if (this.doc.y + height > this.maxY && this.doc.y > this.margins.top + 1) this.newPage();
  }

  /**
   * What block `i` must keep on its page after it: the following spaces and signature row, if any
   * (the mark placed after the text when the template has no `@signature`).
   */
  private keepWithSignature(blocks: Block[], i: number): number {
    const kind = blocks[i]?.kind;
    if (kind !== "paragraph" && kind !== "item" && kind !== "table") return 0;
    let height = this.size;
    for (let j = i + 1; j < blocks.length; j++) {
      const next = blocks[j] as Block;
      if (next.kind === "space") height += this.lineHeight();
      else if (next.kind === "signature") return height + this.signatureGeometry(next).h + 4;
      else if (next.kind !== "executor") return 0;
    }
    const implicit = !blocks.some((b) => b.kind === "signature" && b.mark);
    return implicit ? height + this.signatureGeometry(IMPLICIT_SIGNATURE).h + 4 : 0;
  }

  private gap(points: number): void {
    if (this.doc.y + points <= this.maxY) this.doc.y += points;
  }

  private font(bold: boolean, size = this.size): PDFKit.PDFDocument {
    const doc = this.doc.font(bold ? FONT.bold : FONT.regular).fontSize(size);
    if (this.sharedCache) shareLayoutCache(doc, bold ? "bold" : "regular");
    return doc;
  }

  /** Width of a string in the current font and size (memoised per face across documents). */
  private readonly widthOf = (word: string): number => {
    const doc = this.doc as unknown as { _font: { name: string }; _fontSize: number };
    if (!this.sharedCache) return this.doc.widthOfString(word);
    const key = `${doc._font.name}\u0000${word}`;
    let unit = wordWidths.get(key);
    if (unit === undefined) {
      unit = this.measure(word) / doc._fontSize;
      if (wordWidths.size >= MAX_CACHED_WORDS) wordWidths.clear();
      wordWidths.set(key, unit);
    }
    return unit * doc._fontSize;
  };

  /**
   * doc.widthOfString(word) for the precomputed fonts without pdfkit's glyph runs (the same number:
   * PrecomputedFont.widthOfString, then pdfkit's own formula for no character spacing and 100 %
   * horizontal scaling); pdfkit itself for other fonts and text the tables do not cover.
   */
  private measure(word: string): number {
    const doc = this.doc as unknown as { _font: { font?: unknown }; _fontSize: number };
    const font = doc._font.font;
    const width = font instanceof PrecomputedFont ? font.widthOfString(word, doc._fontSize) : undefined;
    if (width === undefined) return this.doc.widthOfString(word);
    return ((width + 0 * (word.length - 1)) * 100) / 100;
  }

  /** Lines of one run in the current font (memoised: paragraphs repeat within and across documents). */
  private lines(text: string, width: number, indent: number, align: Align): readonly Line[] {
    const justify = align === "justify" && this.input.hyphenate !== false;
    const doc = this.doc as unknown as { _font: { name: string }; _fontSize: number };
    if (!this.sharedCache) return breakLines(text, this.widthOf, { width, firstIndent: indent, justify });
    const key = `${doc._font.name}\u0000${doc._fontSize}\u0000${width}\u0000${indent}\u0000${justify}\u0000${text}`;
    let lines = brokenLines.get(key);
    if (!lines) {
      lines = breakLines(text, this.widthOf, { width, firstIndent: indent, justify });
      if (brokenLines.size >= MAX_CACHED_PARAGRAPHS) brokenLines.clear();
      brokenLines.set(key, lines);
    }
    return lines;
  }

  /** Prints lines of text (each run starts a new line), continuing on new pages. */
  private rich(runs: Rich, opts: RichOptions): void {
    const doc = this.doc;
    const x = opts.x ?? this.x;
    const width = opts.width ?? this.width;
    const align = opts.align ?? "left";
    runs.forEach((run, r) => {
      const bold = Boolean(opts.bold) || run.bold;
      const size = opts.size ?? this.size;
      this.font(bold, size);
      const lineHeight = doc.currentLineHeight(true);
      const indent = r === 0 ? (opts.indent ?? 0) : 0;
      const space = this.widthOf(" ");
      const lines = this.lines(run.text, width, indent, align);
      const keepFrom = r === runs.length - 1 && this.keep > 0 ? Math.max(0, lines.length - 2) : -1;
      lines.forEach((line, i) => {
        const rest = i === keepFrom ? (lines.length - i) * lineHeight + this.keep : lineHeight;
        if (doc.y + rest > this.maxY && doc.y > this.margins.top + 1) this.newPage();
        else if (doc.y + lineHeight > this.maxY) this.newPage();
        const y = doc.y;
        const lineX = x + (i === 0 ? indent : 0);
        const avail = width - (i === 0 ? indent : 0);
        const last = i === lines.length - 1;
        let gapWidth = space;
        if (line.text !== "") {
          if (align === "justify" && !last && line.gaps > 0) {
            const extra = (avail - line.width) / line.gaps;
            gapWidth = space + extra;
            doc.text(line.text, lineX, y, { lineBreak: false, wordSpacing: extra });
          } else {
            const offset =
              align === "center" ? (avail - line.width) / 2 : align === "right" ? avail - line.width : 0;
            doc.text(line.text, lineX + Math.max(0, offset), y, { lineBreak: false });
          }
        }
        this.input.onLine?.({
          page: this.page,
          x: lineX,
          y,
          width: avail,
          natural: line.width,
          size,
          bold,
          align,
          last,
          gaps: line.gaps,
          gapWidth,
          spaceWidth: space,
          hyphenated: line.hyphenated,
          text: line.text,
        });
        doc.x = this.x;
        doc.y = y + lineHeight;
      });
    });
  }

  private heightOf(runs: Rich, width: number, size = this.size, bold = false): number {
    let h = 0;
    for (const run of runs) {
      this.font(bold || run.bold, size);
      h += this.lines(run.text, width, 0, "left").length * this.doc.currentLineHeight(true);
    }
    return h;
  }

  /** Natural width of the widest line of `runs` (no wrapping). */
  private naturalWidth(runs: Rich, size = this.size): number {
    let w = 0;
    for (const run of runs) {
      this.font(run.bold, size);
      w = Math.max(w, this.widthOf(run.text));
    }
    return w;
  }

  private block(block: Block): void {
    switch (block.kind) {
      case "header":
        this.header();
        return;
      case "heading": {
        const h = this.heightOf(block.text, this.width, this.size, true);
        this.ensure(h + 3 * this.lineHeight());
        this.gap(this.size * 0.6);
        this.rich(block.text, { align: block.level === 1 ? "center" : "left", bold: true });
        this.gap(this.size * 0.4);
        return;
      }
      case "paragraph":
        this.ensure(2 * this.lineHeight());
        this.rich(block.text, { align: block.align, indent: block.indent ? INDENT : 0, bold: block.bold });
        this.gap(this.size * 0.3);
        return;
      case "item":
        this.item(block);
        return;
      case "table":
        this.table(block);
        return;
      case "signature":
        this.signatureRow(block);
        return;
      case "pagebreak":
        this.newPage();
        return;
      case "space":
        this.gap(this.lineHeight());
        return;
      case "executor":
        // Placed at the bottom left of the last page once the text is laid out.
        this.executorBlock = block;
        return;
    }
  }

  private item(block: Extract<Block, { kind: "item" }>): void {
    const indent = block.level === 1 ? INDENT : 2 * INDENT;
    this.ensure(2 * this.lineHeight());
    if (block.checked === undefined) {
      const marker = block.level === 1 ? "–" : "-";
      const [first, ...rest] = block.text;
      const runs = [{ text: `${marker} ${first?.text ?? ""}`, bold: first?.bold ?? false }, ...rest];
      this.rich(runs, { align: "justify", indent });
    } else {
      // A checkbox with a hanging indent: the box, then the text in its own column.
      const box = this.size * 0.8;
      const x = this.x + indent;
      const top = this.doc.y;
      const textX = x + box + this.size * 0.6;
      this.rich(block.text, { x: textX, width: this.x + this.width - textX, align: "left" });
      const boxY = top + (this.lineHeight() - box) / 2;
      this.doc.save().lineWidth(0.8).rect(x, boxY, box, box).stroke(TEXT_COLOR).restore();
      if (block.checked) {
        this.font(true, this.size * 0.8);
        this.singleLine("X", x, boxY + box * 0.08, box, "center");
        this.doc.y = Math.max(this.doc.y, top);
      }
      this.doc.x = this.x;
    }
    this.gap(this.size * 0.2);
  }

  private table(block: Extract<Block, { kind: "table" }>): void {
    // The cells are laid out with rich(): only the last row keeps the signature with it.
    const keep = this.keep;
    this.keep = 0;
    const size = Math.min(this.size, 12);
    const total = block.widths.reduce((a, b) => a + b, 0);
    const widths = block.widths.map((w) => (w / total) * this.width);
    const padX = block.borders ? 4 : 3;
    const padY = block.borders ? 3 : 1;
    const rowHeight = (cells: Rich[], bold: boolean) =>
      Math.max(...cells.map((c, i) => this.heightOf(c, (widths[i] ?? 0) - 2 * padX, size, bold))) + 2 * padY;
    const maxRow = PAGE.height - this.margins.bottom - this.margins.top;

    const drawRow = (cells: Rich[], header: boolean) => {
      const h = rowHeight(cells, header);
      if (h > maxRow) throw new Error("A table row is taller than a page");
      let x = this.x;
      const top = this.doc.y;
      cells.forEach((cell, i) => {
        const w = widths[i] ?? 0;
        this.doc.y = top + padY;
        this.rich(cell, {
          x: x + padX,
          width: w - 2 * padX,
          align: header ? "center" : "left",
          bold: header,
          size,
        });
        if (block.borders) this.doc.save().lineWidth(0.5).rect(x, top, w, h).stroke(TEXT_COLOR).restore();
        x += w;
      });
      this.doc.x = this.x;
      this.doc.y = top + h;
    };

    this.gap(this.size * 0.2);
    if (block.header) {
      this.ensure(rowHeight(block.header, true) + (block.rows[0] ? rowHeight(block.rows[0], false) : 0));
      drawRow(block.header, true);
    }
    block.rows.forEach((row, r) => {
      const h = rowHeight(row, false);
      const need = r === block.rows.length - 1 ? h + keep : h;
      if (this.doc.y + need > this.maxY) {
        this.newPage();
        if (block.header) drawRow(block.header, true);
      }
      drawRow(row, false);
    });
    this.gap(this.size * 0.5);
  }

  /** Requisites 05, 09, 10, 11, 13 and 17: organisation, kind, date and number, place, heading. */
  private header(): void {
    const { org, meta, filled } = this.input;
    const doc = this.doc;
    this.rich([{ text: org.fullName, bold: true }], { align: "center", size: 12 });
    if (!org.fullName.includes(org.shortName))
      this.rich([{ text: `(${org.shortName})`, bold: false }], { align: "center", size: 12 });
    this.gap(14);
    this.font(true, 14);
    this.singleLine(filled.kind, this.x, doc.y, this.width, "center", 1);
    this.gap(8);
    const y = doc.y;
    this.font(false, 12);
    this.singleLine(ruDate(meta.date), this.x, y, this.width / 2, "left");
    this.singleLine(`№ ${meta.number}`, this.x + this.width / 2, y, this.width / 2, "right");
    const city = /^(г\.|город|пос|с\.)/i.test(org.city) ? org.city : `г. ${org.city}`;
    this.singleLine(city, this.x, doc.y + 2, this.width, "center");
    this.gap(12);
    const titleWidth = Math.min(this.width, 150 * MM);
    this.rich([{ text: filled.title, bold: true }], {
      x: this.x + (this.width - titleWidth) / 2,
      width: titleWidth,
      align: "center",
    });
    doc.x = this.x;
    this.gap(14);
  }

  /**
   * Columns of a signature row: the position on the left, the name (расшифровка) on the right,
   * each as wide as its text up to a share of the line; the mark in between.
   */
  private signatureGeometry(block: Signature) {
    const gutter = 4 * MM;
    let leftW: number;
    let rightW: number;
    let markW = 0;
    if (block.mark) {
      leftW = Math.min(this.naturalWidth(block.left) + 1, 0.3 * this.width);
      rightW = Math.min(this.naturalWidth(block.right) + 1, 0.25 * this.width);
      markW = Math.min(82 * MM, this.width - leftW - rightW - 2 * gutter);
    } else {
      leftW = 0.6 * this.width - gutter;
      rightW = this.width - leftW - gutter;
    }
    const markX = this.x + leftW + (this.width - leftW - rightW - markW) / 2;
    const markH = block.mark ? this.markHeight(markW) : 0;
    const leftH = this.heightOf(block.left, leftW);
    const rightH = this.heightOf(block.right, rightW);
    return { leftW, rightW, markW, markX, markH, leftH, rightH, h: Math.max(markH, leftH, rightH) };
  }

  /** Requisites 22 and 23: position | the visual mark of the electronic signature | name. */
  private signatureRow(block: Signature): void {
    const doc = this.doc;
    const g = this.signatureGeometry(block);
    this.ensure(g.h + 4);
    this.gap(4);
    const top = doc.y;
    doc.y = top + (g.h - g.leftH) / 2;
    this.rich(block.left, { x: this.x, width: g.leftW, align: "left" });
    doc.y = top + (g.h - g.rightH) / 2;
    this.rich(block.right, { x: this.x + this.width - g.rightW, width: g.rightW, align: "right" });
    if (block.mark) {
      this.mark(g.markX, top + (g.h - g.markH) / 2, g.markW);
      this.markDrawn = true;
    }
    doc.x = this.x;
    doc.y = top + g.h;
    this.gap(this.size * 0.5);
  }

  private markLines(): MarkLine[] {
    const { meta, certificate, org } = this.input;
    if (this.input.draft) {
      this.markContent ??= draftMarkLines(meta.signatory?.fullName ?? org.shortName);
      return this.markContent;
    }
    this.markContent ??= markLines({
      signatory: meta.signatory,
      certificate,
      orgName: org.shortName,
      timeZone: this.timeZone,
    });
    return this.markContent;
  }

  private static readonly MARK_PAD = 6;

  private markHeight(width: number): number {
    let h = 2 * Layout.MARK_PAD;
    for (const l of this.markLines()) {
      if (l.rule) h += 5;
      h += this.heightOf([{ text: l.text, bold: l.bold }], width - 2 * Layout.MARK_PAD, l.size);
    }
    return h;
  }

  private mark(x: number, y: number, width: number): void {
    const doc = this.doc;
    const pad = Layout.MARK_PAD;
    const h = this.markHeight(width);
    doc.save().lineWidth(1).roundedRect(x, y, width, h, 6).stroke(MARK_COLOR).restore();
    doc.y = y + pad;
    for (const l of this.markLines()) {
      if (l.rule) {
        const lineY = doc.y + 2;
        doc
          .save()
          .lineWidth(0.5)
          .moveTo(x + pad, lineY)
          .lineTo(x + width - pad, lineY)
          .stroke(MARK_COLOR)
          .restore();
        doc.y += 5;
      }
      doc.fillColor(MARK_COLOR);
      this.rich([{ text: l.text, bold: l.bold }], {
        x: x + pad,
        width: width - 2 * pad,
        align: l.align,
        size: l.size,
      });
    }
    doc.fillColor(TEXT_COLOR);
  }

  private captionLines(): Rich {
    return [
      { text: "Проверить подлинность и актуальность документа:", bold: false },
      { text: this.input.meta.verifyUrl, bold: false },
      { text: "Подлинность бумажной копии можно проверить по ссылке или QR-коду.", bold: false },
    ];
  }

  /** Where requisite 31 and its caption go: the bottom right of the first page's text area. */
  private qrGeometry() {
    const qrX = this.x + this.width - QR_SIDE;
    const qrY = PAGE.height - this.margins.bottom - QR_SIDE;
    const captionW = Math.min(
      this.naturalWidth(this.captionLines(), CAPTION_SIZE) + 1,
      qrX - 3 * MM - this.x,
    );
    const captionX = qrX - 3 * MM - captionW;
    return { qrX, qrY, captionX, captionW };
  }

  /** Requisite 31: the QR code with the verification URL, and a caption with the same link. */
  private qrCode(): void {
    const doc = this.doc;
    const { meta } = this.input;
    const { qrX, qrY, captionX, captionW } = this.qrGeometry();
    doc.switchToPage(doc.bufferedPageRange().start);
    const page = this.page;
    this.page = 0;
    this.inBand = true;
    drawQr(doc, meta.verifyUrl, qrX, qrY, QR_SIDE);
    const [intro, url, note] = this.captionLines() as [Rich[number], Rich[number], Rich[number]];
    const captionH = this.heightOf([intro, url, note], captionW, CAPTION_SIZE);
    doc.y = qrY + QR_SIDE - captionH;
    doc.fillColor(TEXT_COLOR);
    this.rich([intro], { x: captionX, width: captionW, size: CAPTION_SIZE });
    doc.fillColor(MARK_COLOR);
    const urlTop = doc.y;
    this.rich([url], { x: captionX, width: captionW, size: CAPTION_SIZE });
    doc.link(captionX, urlTop, captionW, doc.y - urlTop, meta.verifyUrl);
    doc.fillColor(TEXT_COLOR);
    this.rich([note], { x: captionX, width: captionW, size: CAPTION_SIZE });
    this.inBand = false;
    this.page = page;
  }

  /**
   * Requisite 25, отметка об исполнителе: smaller type at the bottom left of the last page. On the
   * first page it shares the QR code's band when it fits beside the caption.
   */
  private executor(block: Executor): void {
    const doc = this.doc;
    const gap = 3 * MM;
    const bandWidth = this.qrGeometry().captionX - gap - this.x;
    const h = this.heightOf(block.text, this.width, EXECUTOR_SIZE);
    if (this.page === 0 && this.naturalWidth(block.text, EXECUTOR_SIZE) <= bandWidth && h <= QR_SIDE) {
      doc.y = PAGE.height - this.margins.bottom - h;
      this.inBand = true;
      this.rich(block.text, { width: bandWidth, size: EXECUTOR_SIZE });
      this.inBand = false;
      return;
    }
    if (doc.y + gap + h > this.maxY) this.newPage();
    doc.y = this.maxY - h;
    this.rich(block.text, { size: EXECUTOR_SIZE });
  }

  /**
   * In a draft, the QR code's band says why there is no code: the draft has no registration and
   * no verification page, so a copy of it cannot pass for the signed document.
   */
  private draftNote(): void {
    const doc = this.doc;
    doc.switchToPage(doc.bufferedPageRange().start);
    const page = this.page;
    this.page = 0;
    this.inBand = true;
    const x = this.x + this.width - QR_SIDE;
    const y = PAGE.height - this.margins.bottom - QR_SIDE;
    doc.save().lineWidth(1).dash(3, { space: 2 }).rect(x, y, QR_SIDE, QR_SIDE).stroke(DRAFT_COLOR).undash();
    doc.restore();
    doc.fillColor(DRAFT_COLOR);
    doc.y = y + 6;
    this.rich(
      [
        { text: "ПРОЕКТ", bold: true },
        { text: "QR-код появится после подписания", bold: false },
      ],
      { x: x + 4, width: QR_SIDE - 8, align: "center", size: CAPTION_SIZE },
    );
    doc.fillColor(TEXT_COLOR);
    this.inBand = false;
    this.page = page;
  }

  /** A draft's first line: what the draft is and that it has no force yet. */
  private draftStatus(): void {
    const note =
      this.input.draftNote ?? "ПРОЕКТ: документ не подписан и не зарегистрирован, юридической силы не имеет.";
    this.doc.fillColor(DRAFT_COLOR);
    this.rich([{ text: note, bold: true }], { align: "center", size: EXECUTOR_SIZE });
    this.doc.fillColor(TEXT_COLOR);
    this.gap(6);
  }

  /** «ПРОЕКТ» across every page of a draft, light enough to read the text through it. */
  private draftWatermarks(): void {
    const doc = this.doc;
    const range = doc.bufferedPageRange();
    for (let i = 0; i < range.count; i++) {
      doc.switchToPage(range.start + i);
      doc.save();
      doc.rotate(-45, { origin: [PAGE.width / 2, PAGE.height / 2] });
      this.font(true, 110);
      doc.fillColor(DRAFT_COLOR).fillOpacity(0.18);
      this.singleLine("ПРОЕКТ", 0, PAGE.height / 2 - 60, PAGE.width, "center");
      doc.restore();
      doc.fillColor(TEXT_COLOR).fillOpacity(1);
    }
  }

  /**
   * One line of text aligned in a box of `width`, then doc.y on the next line. Placed here rather
   * than by pdfkit's line wrapper (which loads the Unicode line-breaking tables, ~15 ms in a new
   * process); text wider than the box is still wrapped by pdfkit.
   */
  private singleLine(
    text: string,
    x: number,
    y: number,
    width: number,
    align: "left" | "center" | "right",
    characterSpacing = 0,
  ): void {
    const doc = this.doc;
    const textWidth = doc.widthOfString(text, { characterSpacing });
    if (textWidth > width) {
      doc.text(text, x, y, { width, align, characterSpacing });
      return;
    }
    const offset = align === "center" ? (width - textWidth) / 2 : align === "right" ? width - textWidth : 0;
    doc.text(text, x + offset, y, { lineBreak: false, characterSpacing });
    doc.x = this.x;
    doc.y = y + doc.currentLineHeight(true);
  }

  /** Page numbers from the second page: centred over the text, 10 mm from the top edge. */
  private pageNumbers(): void {
    const doc = this.doc;
    const range = doc.bufferedPageRange();
    for (let i = 1; i < range.count; i++) {
      doc.switchToPage(range.start + i);
      this.font(false, PAGE_NUMBER_SIZE);
      doc.fillColor(TEXT_COLOR);
      this.singleLine(String(i + 1), this.x, PAGE_NUMBER_TOP, this.width, "center");
    }
  }
}
