import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { localDate } from "../../packages/core/src/clock.js";
import { DEFAULT_ORG } from "../../packages/core/src/config.js";
import {
  DEMO_DATA,
  DEMO_ISSUES,
  DEMO_NUMBERS,
  demoMeta,
} from "../../packages/core/src/documents/layout/demo.js";
import {
  MM,
  PAGE,
  PAGE_NUMBER_TOP,
  pageMargins,
  type Storage,
} from "../../packages/core/src/documents/layout/page.js";
import { infoXmp } from "../../packages/core/src/documents/layout/pdfa.js";
import type { LaidLine } from "../../packages/core/src/documents/layout/render.js";
import { loadTemplate, templatesDir } from "../../packages/core/src/documents/layout/templates.js";
import { renderAndSign } from "../../packages/core/src/documents/pipeline.js";
import { inspectPdf } from "../../packages/core/src/documents/records/inspect-pdf.js";
import { DOCUMENT_TYPES, type DocumentType } from "../../packages/core/src/documents/types.js";
import { initialsBeforeSurname } from "../../packages/core/src/language/names.js";
import { pdfaFacts } from "../support/pdfa-check.js";
import { pageImages, qrOnFirstPage, type WordBox, wordBoxes } from "./pdf-layout.js";
import { dir, save, testSigner, text, tool } from "./support.js";

const BASE_URL = "https://soglasie.chptk.ru";
const out = join(dir, "samples");
const file = (type: DocumentType) => join(out, `${type}.pdf`);
const margins = (type: DocumentType) =>
  pageMargins((loadTemplate(type).front.storage ?? "temporary") as Storage);
/** Tolerance of the tools' coordinates, in points. */
const EPS = 0.5;

beforeAll(() => {
  execFileSync(process.execPath, ["--import", "tsx", "scripts/samples.ts", "--out", out], {
    encoding: "utf8",
    // No store endpoints and no PUBLIC_BASE_URL: the command needs neither.
    env: { ...process.env, DYNAMODB_ENDPOINT: "", S3_ENDPOINT: "", PUBLIC_BASE_URL: "" },
  });
}, 120_000);

describe("npm run samples", () => {
  it("writes one signed PDF per type without any store", () => {
    expect(
      readdirSync(out)
        .filter((f) => f.endsWith(".pdf"))
        .sort(),
    ).toEqual(DOCUMENT_TYPES.map((t) => `${t}.pdf`).sort());
    for (const type of DOCUMENT_TYPES) {
      expect(tool("pdfsig", [file(type)]).out, type).toContain("Signature is Valid.");
      expect(tool("qpdf", ["--check", file(type)]).status, type).toBe(0);
    }
  });

  it("dates agree: a document is dated the day it was signed and mentions no later date", () => {
    for (const type of DOCUMENT_TYPES) {
      const t = text(file(type));
      const own = new RegExp(`(\\d\\d)\\.(\\d\\d)\\.(\\d{4}) № ?${DEMO_NUMBERS[type]}`).exec(t);
      expect(own, type).not.toBeNull();
      const [, d, m, y] = own as unknown as [string, string, string, string];
      const date = `${y}-${m}-${d}`;
      // The PAdES signing time (pdfsig prints it in UTC) falls on that day in the college's zone.
      const signing = /Signing Time: (.+)/.exec(tool("pdfsig", [file(type)]).out)?.[1] ?? "";
      expect(localDate(new Date(`${signing} UTC`), "Asia/Chita"), type).toBe(date);
      // So does the person's simple signature in the mark, when there is one.
      const simple = /Простая электронная подпись, (\d\d)\.(\d\d)\.(\d{4})/.exec(t);
      if (simple) expect(`${simple[3]}-${simple[2]}-${simple[1]}`, type).toBe(date);
      // The organisation's certificate was valid then.
      const validity = /действителен с (\d\d)\.(\d\d)\.(\d{4}) по (\d\d)\.(\d\d)\.(\d{4})/.exec(t);
      expect(validity, type).not.toBeNull();
      const [, fd, fm, fy, td, tm, ty] = validity as unknown as string[];
      expect(`${fy}-${fm}-${fd}` <= date && date <= `${ty}-${tm}-${td}`, type).toBe(true);
      // Every other date it prints is not later, except deadlines and ends («до», «по», «не позднее»).
      const body = t.replace(/(до|по|позднее) \d\d\.\d\d\.\d{4}/g, "");
      for (const [, dd, mm, yy] of body.matchAll(/(\d\d)\.(\d\d)\.(\d{4})/g))
        expect(`${yy}-${mm}-${dd}` <= date, `${type}: ${dd}.${mm}.${yy} after ${date}`).toBe(true);
    }
  });

  it("QR code (requisite 31): decodes to the document's verification URL, bottom right of page 1, inside the fields", () => {
    for (const type of DOCUMENT_TYPES) {
      const qr = qrOnFirstPage(file(type));
      expect(qr, type).toBeDefined();
      const id = inspectPdf(readFileSync(file(type))).documentId;
      expect(qr?.data, type).toBe(`${BASE_URL}/verify/${id}`);
      const f = margins(type);
      const right = PAGE.width - f.right;
      const bottom = PAGE.height - f.bottom;
      const q = qr as NonNullable<typeof qr>;
      // Flush with the right and bottom edges of the text area (jsQR's corners are within a module).
      expect(q.xMax, type).toBeLessThanOrEqual(right + EPS);
      expect(q.yMax, type).toBeLessThanOrEqual(bottom + EPS);
      expect(right - q.xMax, type).toBeLessThan(2 * MM);
      expect(bottom - q.yMax, type).toBeLessThan(2 * MM);
      expect(q.xMin, type).toBeGreaterThan(PAGE.width / 2);
      expect(q.xMax - q.xMin, type).toBeGreaterThan(18 * MM);
    }
  }, 60_000);

  it("page numbers from the second page, centred over the text 10 mm from the top edge; none on a first page", () => {
    for (const type of DOCUMENT_TYPES) {
      const { pages, words } = wordBoxes(file(type));
      const f = margins(type);
      const centre = (f.left + PAGE.width - f.right) / 2;
      pages.forEach((_, p) => {
        const inTop = words.filter((w) => w.page === p && w.yMin < f.top - EPS);
        if (p === 0) {
          expect(inTop, `${type} page 1`).toEqual([]);
          return;
        }
        expect(
          inTop.map((w) => w.text),
          `${type} page ${p + 1}`,
        ).toEqual([String(p + 1)]);
        const n = inTop[0] as (typeof inTop)[number];
        expect(Math.abs((n.xMin + n.xMax) / 2 - centre), type).toBeLessThan(EPS);
        expect(Math.abs(n.yMin - PAGE_NUMBER_TOP), type).toBeLessThan(EPS);
      });
      expect(text(file(type)), type).not.toMatch(/страница \d+ из \d+/);
    }
  });

  it("nothing is printed in the fields: every word inside the text area and the fields' pixels white", () => {
    const dpi = 50;
    const px = dpi / 72;
    for (const type of DOCUMENT_TYPES) {
      const f = margins(type);
      const area = { left: f.left, top: f.top, right: PAGE.width - f.right, bottom: PAGE.height - f.bottom };
      const { words } = wordBoxes(file(type));
      const pageNumber = (w: (typeof words)[number]) =>
        w.page > 0 && w.text === String(w.page + 1) && w.yMin < f.top;
      for (const w of words.filter((w) => !pageNumber(w))) {
        const where = `${type} page ${w.page + 1} «${w.text}»`;
        expect(w.xMin, where).toBeGreaterThanOrEqual(area.left - EPS);
        expect(w.xMax, where).toBeLessThanOrEqual(area.right + EPS);
        expect(w.yMin, where).toBeGreaterThanOrEqual(area.top - EPS);
        expect(w.yMax, where).toBeLessThanOrEqual(area.bottom + EPS);
      }
      // Graphics too (the mark's frame, the QR code, table rules): render and look at the fields.
      pageImages(file(type), dpi).forEach((image, p) => {
        const numbers = words.filter((w) => w.page === p && pageNumber(w));
        let dark = 0;
        for (let y = 0; y < image.height; y++) {
          for (let x = 0; x < image.width; x++) {
            const inside =
              x >= area.left * px - 1.5 &&
              x <= area.right * px + 1.5 &&
              y >= area.top * px - 1.5 &&
              y <= area.bottom * px + 1.5;
            const onNumber = numbers.some(
              (n) =>
                x >= n.xMin * px - 2 && x <= n.xMax * px + 2 && y >= n.yMin * px - 2 && y <= n.yMax * px + 2,
            );
            if (!inside && !onNumber && image.pixel(x, y) < 250) dark++;
          }
        }
        expect(dark, `${type} page ${p + 1}: dark pixels in the fields`).toBe(0);
      });
    }
  }, 60_000);
});

describe("npm run samples: PDF/A-2b", () => {
  it("every type: XMP identification and Info in XMP, sRGB output intent, fonts embedded, nothing forbidden, signature valid", () => {
    for (const type of DOCUMENT_TYPES) {
      const facts = pdfaFacts(file(type));
      expect(facts.problems, type).toEqual([]);
      // Only the embedded Tinos faces: no pdfkit default (Helvetica) and no other standard-14 font.
      expect(new Set(facts.fonts.map((f) => f.replace(/^[A-Z]{6}\+/, ""))), type).toEqual(
        new Set(["Tinos-Regular", "Tinos-Bold"]),
      );
      expect(facts.info.Title, type).toBeTruthy();
      expect(facts.xmp, type).toContain("<dc:format>application/pdf</dc:format>");
      // The PAdES signature sits on top of the PDF/A file and still verifies (checked above too).
      expect(tool("pdfsig", [file(type)]).out, type).toContain("Signature is Valid.");
    }
  });

  it("the XMP of the Info dictionary is escaped: a title with «&», «<» and quotes stays well-formed", () => {
    const xmp = infoXmp({ Title: `Приказ "A" & <B> 'C'`, Author: "ГПОУ «ЧПТК»", CreationDate: new Date(0) });
    expect(xmp).toContain("Приказ &quot;A&quot; &amp; &lt;B&gt; &apos;C&apos;");
    expect(xmp).toContain("<xmp:CreateDate>1970-01-01T00:00:00Z</xmp:CreateDate>");
    expect(xmp).not.toContain("ModifyDate");
  });
});

describe("npm run samples: who signed", () => {
  it("the mark's signer is the person in the signature row (initials before the surname)", () => {
    for (const type of DOCUMENT_TYPES) {
      const signatory = DEMO_ISSUES[type]?.signatory;
      const t = text(file(type));
      expect(t, type).toContain(`Подписант: ${signatory?.fullName ?? DEFAULT_ORG.shortName}`);
      const { words } = wordBoxes(file(type));
      const head = words.findIndex((w, i) => w.text === "ДОКУМЕНТ" && words[i + 1]?.text === "ПОДПИСАН");
      const first = words[head] as WordBox;
      const end = words.findIndex((w, i) => i > head && w.text === "QR-коду");
      const mark = words.slice(head, end + 2);
      const markRight = Math.max(...mark.map((w) => w.xMax));
      const bottom = Math.max(...mark.map((w) => w.yMax));
      // What stands right of the mark on its level is the расшифровка of the signature row.
      const right = words
        .filter(
          (w) =>
            w.page === first.page && w.xMin > markRight && w.yMin >= first.yMin - 1 && w.yMax <= bottom + 1,
        )
        .map((w) => w.text)
        .join(" ");
      const rows = readFileSync(join(templatesDir(), `${type}.md`), "utf8").match(/^@signature /m);
      if (type === "regulation" || !rows)
        expect(right, type).toBe(""); // approved by its order, or sealed by the organisation: the mark alone
      else if (signatory)
        expect(right, type).toMatch(new RegExp(`^${initialsBeforeSurname(signatory.fullName)}`));
      else expect(right, type).toContain(DEFAULT_ORG.shortName);
    }
  });
});

describe("npm run samples: text over text", () => {
  it("no word overlaps another (the mark, the QR code's caption and the text keep apart)", () => {
    for (const type of DOCUMENT_TYPES) {
      const { words } = wordBoxes(file(type));
      const overlap = (a: WordBox, b: WordBox) =>
        Math.min(a.xMax, b.xMax) - Math.max(a.xMin, b.xMin) > EPS &&
        Math.min(a.yMax, b.yMax) - Math.max(a.yMin, b.yMin) > EPS;
      for (let i = 0; i < words.length; i++)
        for (let j = i + 1; j < words.length; j++) {
          const a = words[i] as WordBox;
          const b = words[j] as WordBox;
          if (a.page === b.page && overlap(a, b))
            expect.fail(`${type} page ${a.page + 1}: «${a.text}» overlaps «${b.text}»`);
        }
    }
  });
});

describe.each(DOCUMENT_TYPES)("justified text of the %s sample, measured in the PDF", (type) => {
  it("no line but a paragraph's last is ragged or has spaces wider than three ordinary spaces", async () => {
    const lines: LaidLine[] = [];
    const id = randomUUID();
    const doc = await renderAndSign(
      type,
      DEMO_DATA[type],
      demoMeta(type, id, BASE_URL),
      testSigner(),
      DEFAULT_ORG,
      {
        onLine: (l) => lines.push(l),
      },
    );
    const { words } = wordBoxes(save(doc.bytes, `${type}-gaps.pdf`));
    const justified = lines.filter((l) => l.align === "justify" && !l.last && l.gaps > 0);
    if (["acknowledgment", "order-acknowledgment", "orders-register"].includes(type))
      expect(justified).toEqual([]);
    else expect(justified.length).toBeGreaterThan(0);
    for (const l of justified) {
      const onLine = words
        .filter(
          (w) =>
            w.page === l.page &&
            Math.abs(w.yMin - l.y) < EPS &&
            w.xMin >= l.x - EPS &&
            w.xMax <= l.x + l.width + EPS,
        )
        .sort((a, b) => a.xMin - b.xMin);
      const where = `page ${l.page + 1}: «${l.text}»`;
      expect(onLine.length, where).toBe(l.gaps + 1);
      const first = onLine[0] as (typeof onLine)[number];
      const last = onLine.at(-1) as (typeof onLine)[number];
      // Flush with both edges of the line: not ragged.
      expect(Math.abs(first.xMin - l.x), where).toBeLessThan(EPS);
      expect(Math.abs(last.xMax - (l.x + l.width)), where).toBeLessThan(EPS);
      for (let i = 1; i < onLine.length; i++) {
        const gap = (onLine[i] as WordBox).xMin - (onLine[i - 1] as WordBox).xMax;
        expect(gap / l.spaceWidth, where).toBeLessThanOrEqual(3 + 0.01);
      }
    }
  });
});
