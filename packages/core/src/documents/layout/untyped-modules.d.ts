// Packages that ship no types, declared as far as the code uses them.
// fontkit (a dependency of pdfkit): only what fonts.ts uses.
declare module "fontkit" {
  export interface Font {
    familyName: string;
    postscriptName: string;
    characterSet: number[];
    hasGlyphForCodePoint(codePoint: number): boolean;
    glyphForCodePoint(codePoint: number): { id: number; codePoints: number[] };
    layout(text: string): unknown;
  }
  export function create(buffer: Uint8Array, postscriptName?: string): Font;
}

// unicode-properties (fontkit's Unicode data; used by scripts/font-metrics.ts) ships no types.
declare module "unicode-properties" {
  const unicode: { getScript(codePoint: number): string; isMark(codePoint: number): boolean };
  export default unicode;
}

// qrcode's encoder module (layout/qr.ts imports it without the renderers of the package entry).
declare module "qrcode/lib/core/qrcode.js" {
  import type { QRCode, QRCodeOptions } from "qrcode";
  export function create(text: string, options?: QRCodeOptions): QRCode;
  const _default: { create: typeof create };
  export default _default;
}
