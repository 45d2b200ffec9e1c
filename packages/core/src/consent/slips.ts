import PDFDocument from "pdfkit";
import { ruDate } from "../clock.js";
import type { OrgRequisites } from "../config.js";
import { buildWithShaper, FONT, registerFonts } from "../documents/layout/fonts.js";
import { pdfOutput } from "../documents/layout/pdf-output.js";
import { drawQr } from "../documents/layout/qr.js";
import type { Respondent } from "../students/rules.js";

/** One slip: what a class teacher hands to a parent at a meeting. */
export interface Slip {
  group: string;
  student: string;
  url: string;
  expiresOn: string;
  /** Who answers: the slip speaks to them (an adult student, a parent, or either when the age is unknown). */
  respondent: Respondent | "ask";
}

/** The slip's instruction, addressed to whoever answers through the link (students/rules.ts). */
export const SLIP_ADDRESSEE: Record<Respondent | "ask", string> = {
  representative: "Родителю (законному представителю)",
  student: "Обучающемуся",
  ask: "Родителю (законному представителю) или совершеннолетнему обучающемуся",
};

const MM = 72 / 25.4;
const PAGE = { width: 595.28, height: 841.89 };
const MARGIN = 10 * MM;
const COLS = 2;
const ROWS = 4;
const SLIP_W = (PAGE.width - 2 * MARGIN) / COLS;
const SLIP_H = (PAGE.height - 2 * MARGIN) / ROWS;
const PAD = 4 * MM;
const QR_SIDE = 30 * MM;

/**
 * A printable A4 sheet of cut-out slips, eight per page, each with the student's name, the
 * personal link written out and as a QR code, and its last valid day. Not a signed document:
 * a handout, so it is produced on request and never stored.
 */
export function linkSlipsPdf(org: OrgRequisites, slips: Slip[], title: string): Promise<Buffer> {
  return buildWithShaper(() => buildSlips(org, slips, title));
}

function buildSlips(org: OrgRequisites, slips: Slip[], title: string): Promise<Buffer> {
  const doc = new PDFDocument({
    size: "A4",
    margin: MARGIN,
    autoFirstPage: false,
    pdfVersion: "1.7",
    lang: "ru-RU",
    displayTitle: true,
    font: null as unknown as string,
    info: { Title: title, Author: org.shortName, Creator: "Soglasie consent-service" },
  });
  registerFonts(doc);
  const done = pdfOutput(doc);

  if (slips.length === 0) {
    doc.addPage();
    doc
      .font(FONT.bold)
      .fontSize(14)
      .fillColor("#000")
      .text(title, MARGIN, MARGIN * 2, { width: PAGE.width - 2 * MARGIN });
    doc
      .moveDown()
      .font(FONT.regular)
      .fontSize(12)
      .text("Действующих ссылок нет: выдайте новые ссылки на странице группы.");
  }
  slips.forEach((slip, i) => {
    const onPage = i % (COLS * ROWS);
    if (onPage === 0) doc.addPage();
    const x = MARGIN + (onPage % COLS) * SLIP_W;
    const y = MARGIN + Math.floor(onPage / COLS) * SLIP_H;
    drawSlip(doc, org, slip, x, y);
  });
  doc.end();
  return done;
}

function drawSlip(doc: PDFKit.PDFDocument, org: OrgRequisites, slip: Slip, x: number, y: number) {
  // Cut lines.
  doc
    .save()
    .lineWidth(0.6)
    .dash(4, { space: 3 })
    .strokeColor("#777777")
    .rect(x, y, SLIP_W, SLIP_H)
    .stroke()
    .undash()
    .restore();

  const left = x + PAD;
  const textWidth = SLIP_W - 2 * PAD - QR_SIDE - 3 * MM;
  doc.fillColor("#000000");
  doc
    .font(FONT.bold)
    .fontSize(9.5)
    .text(org.shortName, left, y + PAD, { width: textWidth });
  doc
    .font(FONT.regular)
    .fontSize(8.5)
    .text("Согласие на использование ИКОП «Сферум» в мессенджере «MAX»", { width: textWidth });
  doc.moveDown(0.4);
  doc
    .font(FONT.regular)
    .fontSize(8.5)
    .fillColor("#333333")
    .text(`Группа ${slip.group}`, { width: textWidth });
  doc.font(FONT.bold).fontSize(11.5).fillColor("#000000").text(slip.student, { width: textWidth });
  doc.moveDown(0.4);
  doc
    .font(FONT.regular)
    .fontSize(8.5)
    .text(
      `${SLIP_ADDRESSEE[slip.respondent]}: наведите камеру телефона на QR-код или откройте ссылку, прочитайте сведения и отметьте решение.`,
      { width: textWidth },
    );

  drawQr(doc, slip.url, x + SLIP_W - PAD - QR_SIDE, y + PAD, QR_SIDE);

  const bottom = y + SLIP_H - PAD;
  doc.font(FONT.bold).fontSize(9).fillColor("#000000");
  const urlHeight = doc.heightOfString(slip.url, { width: SLIP_W - 2 * PAD });
  const noteHeight = 2 * 10;
  const urlY = bottom - noteHeight - urlHeight;
  doc.text(slip.url, left, urlY, { width: SLIP_W - 2 * PAD, lineBreak: true });
  doc
    .font(FONT.regular)
    .fontSize(8)
    .fillColor("#333333")
    .text(
      `Ссылка действует до ${ruDate(slip.expiresOn)} включительно. Ссылка личная: не пересылайте её другим людям.`,
      left,
      bottom - noteHeight,
      {
        width: SLIP_W - 2 * PAD,
      },
    );
}
