// The encoder alone: the package's entry also loads its PNG, SVG and terminal renderers (pngjs).
import QRCode from "qrcode/lib/core/qrcode.js";

/** The dark modules of a QR code as horizontal runs, for drawing as vector rectangles. */
export interface QrMatrix {
  size: number;
  runs: Array<{ row: number; col: number; length: number }>;
}

/** Encodes `text` with error correction M (~15 % damage tolerated). */
export function qrMatrix(text: string): QrMatrix {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: "M" });
  const runs: QrMatrix["runs"] = [];
  for (let row = 0; row < modules.size; row++) {
    let start = -1;
    for (let col = 0; col <= modules.size; col++) {
      const dark = col < modules.size && modules.get(row, col);
      if (dark && start < 0) start = col;
      if (!dark && start >= 0) {
        runs.push({ row, col: start, length: col - start });
        start = -1;
      }
    }
  }
  return { size: modules.size, runs };
}

/** Draws the code at (x, y) with side `side` (points), quiet zone excluded. */
export function drawQr(
  doc: { rect(x: number, y: number, w: number, h: number): unknown; fill(color: string): unknown },
  text: string,
  x: number,
  y: number,
  side: number,
): void {
  const { size, runs } = qrMatrix(text);
  const m = side / size;
  for (const r of runs) doc.rect(x + r.col * m, y + r.row * m, r.length * m + 0.01, m + 0.01);
  doc.fill("#000000");
}
