import { BOM, csvCell, csvDocument, csvLine } from "@soglasie/core/exports/csv";
import { zipBytes } from "@soglasie/core/exports/zip";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { run, tempFile, zipNames } from "../support/pdf-tools.js";

describe("the CSV writer (exports/csv.ts)", () => {
  it('writes `;`, CRLF and a BOM, and quotes `;`, `"`, line breaks and commas', () => {
    const csv = csvDocument(
      ["Группа", "Примечание"],
      [
        ["ТМ-21", "дневник, встречи"],
        ["ТМ-22", 'сказал "да"; потом'],
        ["ТМ-23", "две\r\nстроки"],
        [undefined, null],
      ],
    );
    expect(csv.startsWith(BOM)).toBe(true);
    expect(csv.slice(1).split("\r\n")).toEqual([
      "Группа;Примечание",
      'ТМ-21;"дневник, встречи"',
      'ТМ-22;"сказал ""да""; потом"',
      'ТМ-23;"две',
      'строки"',
      ";",
      "",
    ]);
    // Excel's reading and a CSV parser's agree on the cells.
    expect(parse(csv.slice(1), { delimiter: ";" })).toEqual([
      ["Группа", "Примечание"],
      ["ТМ-21", "дневник, встречи"],
      ["ТМ-22", 'сказал "да"; потом'],
      ["ТМ-23", "две\r\nстроки"],
      ["", ""],
    ]);
    expect(csvDocument(["a"], [], { bom: false })).toBe("a\r\n");
  });

  it("never lets a cell start a formula, numbers included", () => {
    for (const cell of ["=1+2", "+7 914", "-1", "@SUM(A1)", "\tx"]) expect(csvCell(cell)).toBe(`'${cell}`);
    expect(csvCell(-5)).toBe("'-5");
    expect(csvCell("\rx")).toBe(`"'\rx"`);
    expect(csvCell("Иванов")).toBe("Иванов");
    expect(csvCell("a\nb")).toBe(`"a\nb"`);
    expect(csvLine(["a", 1])).toBe("a;1\r\n");
  });
});

describe("the ZIP builder (exports/zip.ts)", () => {
  it("keeps Cyrillic names and folders, stores the bytes exactly and renames repeats", async () => {
    const pdf = new TextEncoder().encode("%PDF-1.7 test");
    const zip = await zipBytes([
      { name: "Приказ_1-од_от_12.01.2026.pdf", bytes: pdf },
      { name: "Приказ_1-од_от_12.01.2026.pdf", bytes: pdf },
      { name: "Заменённые/Отказ.pdf", bytes: pdf },
      { name: "опись.csv", bytes: new TextEncoder().encode("a;b\r\n"), compress: true },
    ]);
    expect((await zipNames(zip)).sort()).toEqual(
      [
        "Приказ_1-од_от_12.01.2026.pdf",
        "Приказ_1-од_от_12.01.2026_2.pdf",
        "Заменённые/Отказ.pdf",
        "опись.csv",
      ].sort(),
    );
    const { stdout } = await run("unzip", ["-p", tempFile(zip, "zip"), "Заменённые/Отказ.pdf"], {
      encoding: "buffer",
    });
    expect(new Uint8Array(stdout as unknown as Buffer)).toEqual(pdf);
  });
});
