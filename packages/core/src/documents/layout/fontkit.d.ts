// fontkit (a dependency of pdfkit) ships no types; only what fonts.ts uses.
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
