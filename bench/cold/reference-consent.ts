/**
 * Fresh-process benchmark entry (issue 18), the reference stack: the same consent text laid out with
 * pdf-lib + @pdf-lib/fontkit (Tinos embedded as a subset, lines wrapped at spaces, the QR code as
 * rectangles), a PAdES placeholder from @signpdf/placeholder-pdf-lib and the CMS from node:crypto
 * through the engine's KeySigner (pkijs builds the structure: the same signing cost on both sides,
 * so the figures compare the PDF engines). Bundled with the engine's esbuild settings. Prints one
 * JSON line of timings. The paragraphs come from a file the suite writes (bench/suites/cold-start.ts).
 */
import { createPrivateKey } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fontkit from "@pdf-lib/fontkit";
import { pdflibAddPlaceholder } from "@signpdf/placeholder-pdf-lib";
import { SignPdf } from "@signpdf/signpdf";
import { Signer, SUBFILTER_ETSI_CADES_DETACHED } from "@signpdf/utils";
import { KeySigner } from "@soglasie/core/documents/signing/key-signer";
import { pemToDer } from "@soglasie/core/documents/signing/pem";
import { PDFDocument, rgb } from "pdf-lib";
import QRCode from "qrcode/lib/core/qrcode.js";

interface ReferenceText {
  kind: string;
  title: string;
  paragraphs: Array<{ text: string; bold: boolean; center: boolean }>;
  verifyUrl: string;
  fontsDir: string;
}

const loaded = performance.now();
const input = JSON.parse(readFileSync(process.env.BENCH_TEXT_FILE ?? "", "utf8")) as ReferenceText;
const keyPem = readFileSync(process.env.BENCH_KEY_PEM_FILE ?? "", "utf8");
const certPem = readFileSync(process.env.BENCH_CERT_PEM_FILE ?? "", "utf8");
const keySigner = new KeySigner(createPrivateKey(keyPem), pemToDer(certPem));

const MM = 72 / 25.4;
const [W, H] = [595.28, 841.89];
const left = 30 * MM;
const right = W - 10 * MM;
const top = H - 20 * MM;
const bottom = 20 * MM;
const SIZE = 12;
const LEADING = SIZE * 1.15;

const pdf = await PDFDocument.create();
pdf.registerFontkit(fontkit);
const regular = await pdf.embedFont(readFileSync(join(input.fontsDir, "Tinos_400Regular.ttf")), {
  subset: true,
});
const bold = await pdf.embedFont(readFileSync(join(input.fontsDir, "Tinos_700Bold.ttf")), { subset: true });
let page = pdf.addPage([W, H]);
let y = top;
const line = (text: string, font: typeof regular, center: boolean, size = SIZE) => {
  if (y - LEADING < bottom) {
    page = pdf.addPage([W, H]);
    y = top;
  }
  y -= LEADING;
  const width = font.widthOfTextAtSize(text, size);
  page.drawText(text, {
    x: center ? left + (right - left - width) / 2 : left,
    y,
    size,
    font,
    color: rgb(0, 0, 0),
  });
};
const paragraph = (text: string, font: typeof regular, center: boolean) => {
  let current = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const next = current ? `${current} ${word}` : word;
    if (current && font.widthOfTextAtSize(next, SIZE) > right - left) {
      line(current, font, center);
      current = word;
    } else current = next;
  }
  if (current) line(current, font, center);
  y -= SIZE * 0.5;
};
line(input.kind, bold, true, 14);
paragraph(input.title, bold, true);
for (const p of input.paragraphs) paragraph(p.text, p.bold ? bold : regular, p.center);
const { modules } = QRCode.create(input.verifyUrl, { errorCorrectionLevel: "M" });
const side = 25 * MM;
const m = side / modules.size;
for (let row = 0; row < modules.size; row++)
  for (let col = 0; col < modules.size; col++)
    if (modules.get(row, col))
      page.drawRectangle({
        x: right - side + col * m,
        y: bottom + side - (row + 1) * m,
        width: m,
        height: m,
      });

pdflibAddPlaceholder({
  pdfDoc: pdf,
  reason: "Согласие",
  contactInfo: input.verifyUrl,
  name: keySigner.certificate.owner,
  location: "Чита",
  signatureLength: 8192,
  subFilter: SUBFILTER_ETSI_CADES_DETACHED,
});
const unsigned = Buffer.from(await pdf.save({ useObjectStreams: false }));
class Adapter extends Signer {
  override async sign(data: Buffer): Promise<Buffer> {
    return Buffer.from(await keySigner.sign(data));
  }
}
const signed = await new SignPdf().sign(unsigned, new Adapter());
const done = performance.now();
if (process.env.BENCH_OUT) writeFileSync(process.env.BENCH_OUT, signed);
const cpu = process.cpuUsage();
console.log(
  JSON.stringify({
    loadMs: loaded,
    totalMs: done,
    cpuMs: (cpu.user + cpu.system) / 1000,
    size: signed.length,
  }),
);
