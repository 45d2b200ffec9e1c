import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import jsQR from "jsqr";
import { PNG } from "pngjs";

/** What the real poppler tools see of a PDF's layout: word boxes, page images, the QR code. */

export interface WordBox {
  /** 0-based page index. */
  page: number;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
  text: string;
}

export interface PageSize {
  width: number;
  height: number;
}

const decode = (s: string) =>
  s
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, "&");

/** Every word of every page with its box in points from the top left (`pdftotext -bbox-layout`). */
export function wordBoxes(file: string): { pages: PageSize[]; words: WordBox[] } {
  const xml = execFileSync("pdftotext", ["-bbox-layout", "-enc", "UTF-8", file, "-"], {
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  const pages: PageSize[] = [];
  const words: WordBox[] = [];
  const token =
    /<page width="([\d.]+)" height="([\d.]+)">|<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g;
  for (const m of xml.matchAll(token)) {
    if (m[1]) pages.push({ width: Number(m[1]), height: Number(m[2]) });
    else
      words.push({
        page: pages.length - 1,
        xMin: Number(m[3]),
        yMin: Number(m[4]),
        xMax: Number(m[5]),
        yMax: Number(m[6]),
        text: decode(m[7] ?? ""),
      });
  }
  return { pages, words };
}

/** Each page as a greyscale image (`pdftoppm`), 0 black … 255 white. */
export function pageImages(
  file: string,
  dpi: number,
): Array<{ width: number; height: number; pixel: (x: number, y: number) => number }> {
  const prefix = `${file}-${dpi}dpi`;
  execFileSync("pdftoppm", ["-r", String(dpi), "-gray", "-png", file, prefix]);
  const dir = dirname(prefix);
  const name = basename(prefix);
  return readdirSync(dir)
    .filter((f) => f.startsWith(`${name}-`) && f.endsWith(".png"))
    .sort((a, b) => Number(/-(\d+)\.png$/.exec(a)?.[1]) - Number(/-(\d+)\.png$/.exec(b)?.[1]))
    .map((f) => {
      const png = PNG.sync.read(readFileSync(join(dir, f)));
      return {
        width: png.width,
        height: png.height,
        pixel: (x: number, y: number) => png.data[(y * png.width + x) * 4] ?? 255,
      };
    });
}

/**
 * The QR code found in the bottom right quarter of page 1 (`pdftoppm` at `dpi`, decoded by jsQR),
 * with its corners in points from the top left of the page.
 */
export function qrOnFirstPage(
  file: string,
  dpi = 150,
): { data: string; xMin: number; yMin: number; xMax: number; yMax: number } | undefined {
  const prefix = `${file}-qr`;
  // jsQR takes seconds on a whole A4 page: render and search only where requisite 31 belongs.
  const left = Math.floor((595.28 / 2 / 72) * dpi);
  const top = Math.floor((841.89 / 2 / 72) * dpi);
  const crop = ["-x", String(left), "-y", String(top), "-W", String(left + 10), "-H", String(top + 10)];
  execFileSync("pdftoppm", [
    "-r",
    String(dpi),
    "-f",
    "1",
    "-l",
    "1",
    ...crop,
    "-png",
    "-singlefile",
    file,
    prefix,
  ]);
  const png = PNG.sync.read(readFileSync(`${prefix}.png`));
  const code = jsQR(new Uint8ClampedArray(png.data), png.width, png.height, {
    inversionAttempts: "dontInvert",
  });
  if (!code) return undefined;
  const corners = [
    code.location.topLeftCorner,
    code.location.topRightCorner,
    code.location.bottomLeftCorner,
    code.location.bottomRightCorner,
  ];
  const x = (px: number) => ((px + left) * 72) / dpi;
  const y = (px: number) => ((px + top) * 72) / dpi;
  return {
    data: code.data,
    xMin: x(Math.min(...corners.map((c) => c.x))),
    yMin: y(Math.min(...corners.map((c) => c.y))),
    xMax: x(Math.max(...corners.map((c) => c.x))),
    yMax: y(Math.max(...corners.map((c) => c.y))),
  };
}
