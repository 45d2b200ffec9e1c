import { readFileSync } from "node:fs";
import { join } from "node:path";
import { localDate, ruDate, ruDateTime } from "../clock.js";
import { renderPdf } from "../documents/layout/render.js";
import { addSignaturePlaceholder, signatureLengthFor, signPlaceholder } from "../documents/sign-pdf.js";
import { fillTemplate, parseTemplate, type Template, templatesDir } from "../documents/templates.js";
import { newId } from "../ids.js";
import type { Services } from "../services.js";
import { listOrders } from "./register.js";
import { ORDER_KIND_LABELS, ORDER_STATUS_LABELS, type OrderKind } from "./types.js";

/** Register extracts are unnumbered («б/н»): they are reports of the register, not orders. */
export const REGISTER_NUMBER = "б/н";
const TEMPLATE = "orders-register.md";

const cache = new Map<string, Template>();
function template(): Template {
  const path = join(templatesDir(), TEMPLATE);
  let t = cache.get(path);
  if (!t) {
    t = parseTemplate(readFileSync(path, "utf8"), TEMPLATE);
    cache.set(path, t);
  }
  return t;
}

/**
 * The orders register (for a year and/or kind) as a signed PDF in the documents engine's layout:
 * the template `templates/orders-register.md` is filled and laid out by the same code as every
 * document and sealed with the organisation's signer. It is generated on request and not stored:
 * the register itself (DynamoDB) is the record; the PDF is a signed extract of it at a moment,
 * verifiable by its signature (the QR code leads to the verification page, where it can be uploaded).
 */
export async function registerPdf(
  services: Services,
  filter: { year?: number; kind?: OrderKind },
): Promise<{ bytes: Uint8Array; total: number }> {
  const { config } = services;
  const orders = await listOrders(services, filter);
  const now = services.now();
  const date = localDate(now, config.timeZone);
  const period = filter.year ? `за ${filter.year} год` : "за все годы";
  const context = {
    org: config.org,
    period,
    generatedAt: ruDateTime(now, config.timeZone),
    filterLine: filter.kind ? `Вид приказов: ${ORDER_KIND_LABELS[filter.kind]}.` : "Все виды приказов.",
    total: orders.length,
    rows: orders.map((o) => ({
      number: o.number,
      date: o.date,
      title: o.title,
      status: `${ORDER_STATUS_LABELS[o.status]}`,
      signedBy: `${o.signedBy.position} ${o.signedBy.name}`,
    })),
  };
  const filled = fillTemplate(template(), context);
  const meta = {
    documentId: newId(),
    number: REGISTER_NUMBER,
    date,
    signedAt: now,
    verifyUrl: `${config.publicBaseUrl}/verify`,
    timeZone: config.timeZone,
  };
  const signer = services.signer;
  const unsigned = await renderPdf({
    filled,
    org: config.org,
    meta,
    certificate: signer.certificate,
    signedAt: now,
    beforeEnd: (doc) =>
      addSignaturePlaceholder(doc, {
        reason: `Журнал регистрации приказов ${period} по состоянию на ${ruDate(date)}`,
        location: config.org.city,
        name: signer.certificate.owner,
        contactInfo: meta.verifyUrl,
        signingTime: now,
        signatureLength: signatureLengthFor(signer),
      }),
  });
  const signed = await signPlaceholder(unsigned, signer);
  return { bytes: new Uint8Array(signed.buffer, signed.byteOffset, signed.byteLength), total: orders.length };
}
