import { PayloadTooLargeError, ValidationError } from "../errors.js";

/** The protocol scan limit (the issue: up to 20 MB). */
export const MAX_PROTOCOL_BYTES = 20 * 1024 * 1024;

const FIELD = "protocol";
const invalid = (message: string): never => {
  throw new ValidationError(message, { [FIELD]: [message] });
};

const latin1 = (bytes: Uint8Array, start: number, end: number) =>
  Buffer.from(bytes.buffer, bytes.byteOffset + start, Math.max(0, end - start)).toString("latin1");

/**
 * Checks that uploaded bytes are a PDF by their content, not their name or declared type: the
 * `%PDF-x.y` header as the very first bytes, the `%%EOF` marker, a `startxref` offset that points
 * at a cross-reference table or stream inside the file, and a trailer naming the document catalog
 * (/Root). That is what a reader needs to open the file; a renamed JPEG, a Word file or a truncated
 * upload fails here. Nothing may come before the header: PDF readers tolerate leading bytes, so an
 * HTML page followed by a PDF opens in both a browser and a PDF reader (a polyglot), and a stored
 * "scan" must never be something a browser would render as a page.
 */
export function checkProtocolPdf(bytes: Uint8Array): void {
  if (bytes.byteLength === 0) invalid("Файл протокола пуст");
  if (bytes.byteLength > MAX_PROTOCOL_BYTES) {
    throw new PayloadTooLargeError(
      `Файл протокола больше 20 МБ (${(bytes.byteLength / 1024 / 1024).toFixed(1)} МБ). Отсканируйте с меньшим разрешением или в оттенках серого.`,
    );
  }
  const notPdf = "Файл протокола должен быть в формате PDF (проверяется содержимое файла, а не его название)";
  const head = latin1(bytes, 0, Math.min(bytes.byteLength, 16));
  if (!/^%PDF-[12]\.\d/.test(head)) invalid(notPdf);

  // Some scanners pad the file with NUL bytes after %%EOF; readers ignore them, so do we.
  let end = bytes.byteLength;
  while (end > 0 && bytes[end - 1] === 0) end--;
  const tail = latin1(bytes, Math.max(0, end - 2048), end);
  const damaged = "Файл PDF повреждён или загружен не полностью: отсканируйте и загрузите протокол ещё раз";
  if (!/%%EOF\s*$/.test(tail)) invalid(damaged);
  const m = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail);
  if (!m) invalid(damaged);
  const offset = Number(m![1]);
  const xrefAt = offset > 0 && offset < end && isXrefAt(bytes, offset) ? offset : undefined;
  if (xrefAt === undefined) invalid(damaged);
  // The trailer (or the xref stream dictionary) follows the cross-reference data closely.
  const trailer = latin1(bytes, xrefAt!, Math.min(end, xrefAt! + 1024 * 1024));
  if (!trailer.includes("/Root")) invalid(damaged);
}

/** A classic `xref` table or a cross-reference stream object (`12 0 obj`). */
function isXrefAt(bytes: Uint8Array, offset: number): boolean {
  const text = latin1(bytes, offset, Math.min(bytes.byteLength, offset + 64));
  return /^\s*(xref|\d+\s+\d+\s+obj)/.test(text);
}
