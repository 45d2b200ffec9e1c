import PDFDocument from "pdfkit";
import { ruDate } from "../../clock.js";
import type { OrgRequisites } from "../../config.js";
import type { CertificateInfo, DocumentMeta } from "../types.js";
import { FONT, type FontFace, fontFiles, loadFonts, registerFonts } from "./fonts.js";
import type { Block, Rich } from "./markup.js";
import { pdfOutput } from "./pdf-output.js";
import { drawQr } from "./qr.js";
import type { FilledTemplate } from "./templates.js";

/**
 * Lays a filled template out as an A4 page sequence per ГОСТ Р 7.0.97-2016: Tinos 12–14 pt,
 * margins left 20 mm, right 10 mm, top and bottom 20 mm; organisation header, document kind,
 * date and registration number, place, title, text, signature block with the visual mark of the
 * electronic signature, a QR code with the verification URL, and «страница X из Y» on every page.
 */

export const MM = 72 / 25.4;
const PAGE = { width: 595.28, height: 841.89 };
const MARGINS = { top: 20 * MM, bottom: 20 * MM, left: 20 * MM, right: 10 * MM };
const CONTENT_WIDTH = PAGE.width - MARGINS.left - MARGINS.right;
const INDENT = 12.5 * MM;
const MARK_COLOR = "#1d3c8f";
const TEXT_COLOR = "#000000";

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
}

/** Produces the unsigned PDF bytes (with whatever `beforeEnd` adds). */
export function renderPdf(input: RenderInput): Promise<Buffer> {
  const { filled, meta, signedAt } = input;
  const doc = new PDFDocument({
    size: "A4",
    margins: MARGINS,
    bufferPages: true,
    autoFirstPage: true,
    pdfVersion: "1.7",
    lang: "ru-RU",
    displayTitle: true,
    font: null as unknown as string,
    info: {
      Title: filled.recordTitle,
      Author: input.org.shortName,
      Subject: filled.kind,
      Creator: "Soglasie consent-service",
      CreationDate: signedAt,
      ModDate: signedAt,
      // Read back by verification to find the record of an altered copy.
      SoglasieDocumentId: meta.documentId,
    } as PDFKit.DocumentInfo,
  });
  registerFonts(doc, input.reparseFonts ? fontFiles() : loadFonts());
  const done = pdfOutput(doc);
  if (!input.reparseFonts) trimLayoutCaches();
  new Layout(doc, input, !input.reparseFonts).run();
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

/** Largest extra space per gap in a justified line, in widths of a normal space. */
const MAX_STRETCH = 3;

const GLUE_FORWARD = new Set(["№", "§", "г.", "п.", "пп.", "ст.", "ч.", "гр."]);
const GLUE_BACKWARD = new Set(["–", "—"]);

/**
 * Words for line breaking: «№» stays with its number, a dash does not start a line
 * (Russian typesetting); the glued parts keep their ordinary space.
 */
export function glueWords(text: string): string[] {
  const words: string[] = [];
  let pendingForward = "";
  for (const word of text.split(" ")) {
    if (word === "") continue;
    if (GLUE_BACKWARD.has(word) && words.length > 0 && !pendingForward) {
      words[words.length - 1] += ` ${word}`;
      continue;
    }
    const joined = pendingForward ? `${pendingForward} ${word}` : word;
    if (GLUE_FORWARD.has(word)) {
      pendingForward = joined;
      continue;
    }
    pendingForward = "";
    words.push(joined);
  }
  if (pendingForward) words.push(pendingForward);
  return words;
}

class Layout {
  private readonly size: number;
  private readonly x = MARGINS.left;
  private markDrawn = false;
  private verificationDrawn = false;

  constructor(
    private readonly doc: PDFKit.PDFDocument,
    private readonly input: RenderInput,
    private readonly sharedCache = true,
  ) {
    this.size = input.filled.fontSize;
    doc.fillColor(TEXT_COLOR).font(FONT.regular).fontSize(this.size);
  }

  run(): void {
    const { blocks } = this.input.filled;
    const hasHeader = blocks.some((b) => b.kind === "header");
    if (!hasHeader) this.header();
    blocks.forEach((block, i) => {
      const next = blocks[i + 1];
      // A paragraph right before the signature stays on the signature's page.
      if (block.kind === "paragraph" && next?.kind === "signature") {
        this.ensure(
          this.paragraphHeight(block) + this.signatureRowHeight(next) + this.verificationReserve(next),
        );
      }
      this.block(block);
    });
    if (!this.markDrawn) this.signatureRow({ kind: "signature", left: [], right: [], mark: true });
    if (!this.verificationDrawn) this.verification();
    this.footers();
    // The signature widget goes on the last page.
    const range = this.doc.bufferedPageRange();
    this.doc.switchToPage(range.start + range.count - 1);
  }

  private get maxY(): number {
    return PAGE.height - MARGINS.bottom;
  }

  private lineHeight(size = this.size): number {
    return this.doc.font(FONT.regular).fontSize(size).currentLineHeight(true);
  }

  /** Starts a new page unless `height` fits below the current position. */
  private ensure(height: number): void {
    if (this.doc.y + height > this.maxY && this.doc.y > MARGINS.top + 1) {
      this.doc.addPage();
      this.doc.y = MARGINS.top;
    }
  }

  private gap(points: number): void {
    if (this.doc.y + points <= this.maxY) this.doc.y += points;
  }

  private font(bold: boolean, size = this.size): PDFKit.PDFDocument {
    const doc = this.doc.font(bold ? FONT.bold : FONT.regular).fontSize(size);
    if (this.sharedCache) shareLayoutCache(doc, bold ? "bold" : "regular");
    return doc;
  }

  /**
   * Breaks text into lines at spaces only. pdfkit's own wrapper also breaks after hyphens, and
   * text extraction (pdftotext) then drops the hyphen of «информационно-коммуникационной» at the
   * line end; words longer than a line are cut between characters.
   */
  /** Width of a word in the current font and size (memoised per face across documents). */
  private widthOf(word: string): number {
    const doc = this.doc as unknown as { _font: { name: string }; _fontSize: number };
    const key = `${doc._font.name}\u0000${word}`;
    let unit = wordWidths.get(key);
    if (unit === undefined) {
      unit = this.doc.widthOfString(word) / doc._fontSize;
      if (wordWidths.size >= MAX_CACHED_WORDS) wordWidths.clear();
      wordWidths.set(key, unit);
    }
    return unit * doc._fontSize;
  }

  private breakLines(
    text: string,
    width: number,
    firstIndent: number,
  ): Array<{ text: string; width: number; spaces: number }> {
    const space = this.widthOf(" ");
    const lines: Array<{ text: string; width: number; spaces: number }> = [];
    let current: string[] = [];
    let currentWidth = 0;
    const avail = () => width - (lines.length === 0 ? firstIndent : 0);
    const flush = () => {
      const lineText = current.join(" ");
      lines.push({ text: lineText, width: currentWidth, spaces: lineText.split(" ").length - 1 });
      current = [];
      currentWidth = 0;
    };
    for (const word of glueWords(text)) {
      const w = this.widthOf(word);
      if (current.length > 0 && currentWidth + space + w <= avail()) {
        current.push(word);
        currentWidth += space + w;
        continue;
      }
      if (current.length > 0) flush();
      if (w <= avail()) {
        current.push(word);
        currentWidth = w;
        continue;
      }
      // A word wider than the line: cut it into pieces that fit.
      let piece = "";
      for (const ch of word) {
        if (piece && this.widthOf(piece + ch) > avail()) {
          current = [piece];
          currentWidth = this.widthOf(piece);
          flush();
          piece = "";
        }
        piece += ch;
      }
      current = [piece];
      currentWidth = this.widthOf(piece);
    }
    if (current.length > 0 || lines.length === 0) flush();
    return lines;
  }

  /** Prints lines of text (each run starts a new line), continuing on new pages. */
  private rich(
    runs: Rich,
    opts: {
      x?: number;
      width?: number;
      align?: "left" | "center" | "right" | "justify";
      indent?: number;
      bold?: boolean;
      size?: number;
    },
  ): void {
    const doc = this.doc;
    const x = opts.x ?? this.x;
    const width = opts.width ?? CONTENT_WIDTH;
    const align = opts.align ?? "left";
    runs.forEach((run, r) => {
      this.font(Boolean(opts.bold) || run.bold, opts.size);
      const lineHeight = doc.currentLineHeight(true);
      const indent = r === 0 ? (opts.indent ?? 0) : 0;
      const lines = this.breakLines(run.text, width, indent);
      lines.forEach((line, i) => {
        if (doc.y + lineHeight > this.maxY) {
          doc.addPage();
          doc.y = MARGINS.top;
        }
        const y = doc.y;
        const lineX = x + (i === 0 ? indent : 0);
        const avail = width - (i === 0 ? indent : 0);
        const last = i === lines.length - 1;
        if (line.text !== "") {
          const stretch = line.spaces > 0 ? (avail - line.width) / line.spaces : 0;
          // Justify, unless a line of few long words would get gaping spaces: then leave it ragged.
          if (align === "justify" && !last && line.spaces > 0 && stretch <= MAX_STRETCH * this.widthOf(" ")) {
            doc.text(line.text, lineX, y, { lineBreak: false, wordSpacing: stretch });
          } else {
            const offset =
              align === "center" ? (avail - line.width) / 2 : align === "right" ? avail - line.width : 0;
            doc.text(line.text, lineX + Math.max(0, offset), y, { lineBreak: false });
          }
        }
        doc.x = this.x;
        doc.y = y + lineHeight;
      });
    });
  }

  private heightOf(runs: Rich, width: number, size = this.size, bold = false): number {
    let h = 0;
    for (const run of runs) {
      this.font(bold || run.bold, size);
      h += this.breakLines(run.text, width, 0).length * this.doc.currentLineHeight(true);
    }
    return h;
  }

  private block(block: Block): void {
    switch (block.kind) {
      case "header":
        this.header();
        return;
      case "heading": {
        const h = this.heightOf(block.text, CONTENT_WIDTH, this.size, true);
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
      case "verification":
        this.verification();
        return;
      case "pagebreak":
        this.doc.addPage();
        this.doc.y = MARGINS.top;
        return;
      case "space":
        this.gap(this.lineHeight());
        return;
      case "executor":
        this.executor(block);
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
      this.rich(block.text, { x: textX, width: this.x + CONTENT_WIDTH - textX, align: "left" });
      const boxY = top + (this.lineHeight() - box) / 2;
      this.doc.save().lineWidth(0.8).rect(x, boxY, box, box).stroke(TEXT_COLOR).restore();
      if (block.checked) {
        this.font(true, this.size * 0.8);
        this.doc.text("X", x, boxY + box * 0.08, { width: box, align: "center", lineBreak: false });
        this.doc.y = Math.max(this.doc.y, top);
      }
      this.doc.x = this.x;
    }
    this.gap(this.size * 0.2);
  }

  private table(block: Extract<Block, { kind: "table" }>): void {
    const size = Math.min(this.size, 12);
    const total = block.widths.reduce((a, b) => a + b, 0);
    const widths = block.widths.map((w) => (w / total) * CONTENT_WIDTH);
    const padX = block.borders ? 4 : 3;
    const padY = block.borders ? 3 : 1;
    const rowHeight = (cells: Rich[], bold: boolean) =>
      Math.max(...cells.map((c, i) => this.heightOf(c, (widths[i] ?? 0) - 2 * padX, size, bold))) + 2 * padY;
    const maxRow = this.maxY - MARGINS.top;

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
    for (const row of block.rows) {
      const h = rowHeight(row, false);
      if (this.doc.y + h > this.maxY) {
        this.doc.addPage();
        this.doc.y = MARGINS.top;
        if (block.header) drawRow(block.header, true);
      }
      drawRow(row, false);
    }
    this.gap(this.size * 0.5);
  }

  /** The organisation header, document kind, date and number, place and title. */
  private header(): void {
    const { org, meta, filled } = this.input;
    const doc = this.doc;
    this.rich([{ text: org.fullName, bold: true }], { align: "center", size: 12 });
    if (!org.fullName.includes(org.shortName))
      this.rich([{ text: `(${org.shortName})`, bold: false }], { align: "center", size: 12 });
    this.gap(14);
    this.font(true, 14);
    doc.text(filled.kind, this.x, doc.y, { width: CONTENT_WIDTH, align: "center", characterSpacing: 1 });
    this.gap(8);
    const y = doc.y;
    this.font(false, 12);
    doc.text(ruDate(meta.date), this.x, y, { width: CONTENT_WIDTH / 2, lineBreak: false });
    doc.text(`№ ${meta.number}`, this.x + CONTENT_WIDTH / 2, y, { width: CONTENT_WIDTH / 2, align: "right" });
    const city = /^(г\.|город|пос|с\.)/i.test(org.city) ? org.city : `г. ${org.city}`;
    doc.text(city, this.x, doc.y + 2, { width: CONTENT_WIDTH, align: "center" });
    this.gap(12);
    const titleWidth = Math.min(CONTENT_WIDTH, 150 * MM);
    this.rich([{ text: filled.title, bold: true }], {
      x: this.x + (CONTENT_WIDTH - titleWidth) / 2,
      width: titleWidth,
      align: "center",
    });
    doc.x = this.x;
    this.gap(14);
  }

  private signatureGeometry(block: Extract<Block, { kind: "signature" }>) {
    const markW = block.mark ? 0.45 * CONTENT_WIDTH : 0;
    const leftW = block.mark ? 0.31 * CONTENT_WIDTH : 0.6 * CONTENT_WIDTH;
    const rightW = CONTENT_WIDTH - leftW - markW;
    const gutter = 6;
    const markH = block.mark ? this.markHeight(markW) : 0;
    const leftH = this.heightOf(block.left, leftW - gutter);
    const rightH = this.heightOf(block.right, rightW - gutter);
    return { markW, leftW, rightW, gutter, markH, leftH, rightH, h: Math.max(markH, leftH, rightH) };
  }

  private signatureRowHeight(block: Extract<Block, { kind: "signature" }>): number {
    return this.signatureGeometry(block).h;
  }

  /** Room kept below a signature with the mark for the verification block that follows it. */
  private verificationReserve(block: Extract<Block, { kind: "signature" }>): number {
    return block.mark && !this.verificationDrawn ? this.verificationHeight() + 12 : 0;
  }

  private paragraphHeight(block: Extract<Block, { kind: "paragraph" }>): number {
    return this.heightOf(block.text, CONTENT_WIDTH - INDENT, this.size, block.bold) + this.size * 0.3;
  }

  /** Position | visual mark of the electronic signature | name; or position | name without the mark. */
  private signatureRow(block: Extract<Block, { kind: "signature" }>): void {
    const doc = this.doc;
    const { markW, leftW, rightW, gutter, markH, leftH, rightH, h } = this.signatureGeometry(block);
    // Keep the signature together with the verification block that follows it.
    this.ensure(h + this.verificationReserve(block) + 4);
    this.gap(4);
    const top = doc.y;
    doc.y = top + (h - leftH) / 2;
    this.rich(block.left, { x: this.x, width: leftW - gutter, align: "left" });
    doc.y = top + (h - rightH) / 2;
    this.rich(block.right, {
      x: this.x + CONTENT_WIDTH - rightW + gutter,
      width: rightW - gutter,
      align: "right",
    });
    if (block.mark) {
      this.mark(this.x + leftW, top + (h - markH) / 2, markW);
      this.markDrawn = true;
    }
    doc.x = this.x;
    doc.y = top + h;
    this.gap(this.size * 0.5);
  }

  private markLines(): Array<{ text: string; bold: boolean; size: number; align: "center" | "left" }> {
    const c = this.input.certificate;
    return [
      { text: "ДОКУМЕНТ ПОДПИСАН", bold: true, size: 8.5, align: "center" },
      { text: "ЭЛЕКТРОННОЙ ПОДПИСЬЮ", bold: true, size: 8.5, align: "center" },
      { text: `Сертификат: ${c.serial}`, bold: false, size: 7.5, align: "left" },
      { text: `Владелец: ${c.owner}`, bold: false, size: 7.5, align: "left" },
      {
        text: `Действителен: с ${ruDate(c.validFrom)} по ${ruDate(c.validTo)}`,
        bold: false,
        size: 7.5,
        align: "left",
      },
    ];
  }

  private markHeight(width: number): number {
    let h = 10 + 4;
    for (const l of this.markLines())
      h += this.heightOf([{ text: l.text, bold: l.bold }], width - 12, l.size);
    return h;
  }

  /** ГОСТ Р 7.0.97-2016 п. 5.23: the visual mark of the electronic signature. */
  private mark(x: number, y: number, width: number): void {
    const doc = this.doc;
    const h = this.markHeight(width);
    doc.save().lineWidth(1).roundedRect(x, y, width, h, 6).stroke(MARK_COLOR).restore();
    doc.fillColor(MARK_COLOR);
    doc.y = y + 5;
    this.markLines().forEach((l, i) => {
      if (i === 2) {
        const lineY = doc.y + 1;
        doc
          .save()
          .lineWidth(0.5)
          .moveTo(x + 6, lineY)
          .lineTo(x + width - 6, lineY)
          .stroke(MARK_COLOR)
          .restore();
        doc.y += 4;
      }
      doc.fillColor(MARK_COLOR);
      this.rich([{ text: l.text, bold: l.bold }], {
        x: x + 6,
        width: width - 12,
        align: l.align,
        size: l.size,
      });
    });
    doc.fillColor(TEXT_COLOR);
  }

  private verificationLines(): Rich {
    const { meta } = this.input;
    return [
      { text: "Проверить подлинность и актуальность документа:", bold: false },
      { text: meta.verifyUrl, bold: false },
      { text: `Идентификатор документа: ${meta.documentId}`, bold: false },
      { text: "Подлинность бумажной копии можно проверить по ссылке или QR-коду.", bold: false },
    ];
  }

  private verificationHeight(): number {
    return Math.max(24 * MM, this.heightOf(this.verificationLines(), CONTENT_WIDTH - 28 * MM, 9)) + 6;
  }

  /** Отметка об исполнителе: smaller type, from the left margin, after the text of the last page. */
  private executor(block: Extract<Block, { kind: "executor" }>): void {
    this.ensure(this.heightOf(block.text, CONTENT_WIDTH, 10) + 6);
    this.gap(6);
    this.rich(block.text, { size: 10, align: "left" });
  }

  /** QR code with the verification URL and the document id. */
  private verification(): void {
    const doc = this.doc;
    const { meta } = this.input;
    const side = 24 * MM;
    this.ensure(this.verificationHeight());
    const top = doc.y + 2;
    drawQr(doc, meta.verifyUrl, this.x, top, side);
    const textX = this.x + side + 4 * MM;
    const width = CONTENT_WIDTH - side - 4 * MM;
    doc.y = top + 2;
    const [intro, url, ...rest] = this.verificationLines();
    doc.fillColor(TEXT_COLOR);
    this.rich([intro as Rich[number]], { x: textX, width, size: 9 });
    doc.fillColor(MARK_COLOR);
    const urlTop = doc.y;
    this.rich([url as Rich[number]], { x: textX, width, size: 9 });
    doc.link(textX, urlTop, width, doc.y - urlTop, meta.verifyUrl);
    doc.fillColor(TEXT_COLOR);
    this.rich(rest, { x: textX, width, size: 9 });
    doc.x = this.x;
    doc.y = Math.max(doc.y, top + side) + 4;
    this.verificationDrawn = true;
  }

  /** «страница X из Y» and the registration data in the bottom margin of every page. */
  private footers(): void {
    const doc = this.doc;
    const { meta, filled } = this.input;
    const range = doc.bufferedPageRange();
    const kind = filled.kind.charAt(0) + filled.kind.slice(1).toLocaleLowerCase("ru-RU");
    const label = `${kind} № ${meta.number} от ${ruDate(meta.date)}`;
    for (let i = 0; i < range.count; i++) {
      doc.switchToPage(range.start + i);
      const bottom = doc.page.margins.bottom;
      doc.page.margins.bottom = 0;
      const y = PAGE.height - 12 * MM;
      this.font(false, 9);
      doc.fillColor("#333333");
      doc.text(label, this.x, y, { width: CONTENT_WIDTH * 0.7, lineBreak: false, height: 12 });
      doc.text(`страница ${i + 1} из ${range.count}`, this.x + CONTENT_WIDTH * 0.7, y, {
        width: CONTENT_WIDTH * 0.3,
        align: "right",
        lineBreak: false,
        height: 12,
      });
      doc.fillColor(TEXT_COLOR);
      doc.page.margins.bottom = bottom;
    }
  }
}
