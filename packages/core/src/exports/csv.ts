import { stringify } from "csv-stringify/sync";

/**
 * The one CSV writer of the service, for Excel on Russian Windows: `;` between cells (Excel's list
 * separator for ru-RU), CRLF line ends, UTF-8 with a BOM (without it Excel reads UTF-8 as
 * Windows-1251). A cell that a spreadsheet would run as a formula (= + - @, tab, CR first) gets a
 * leading apostrophe (CSV injection). Cells with `;`, `"`, CR/LF and also `,` are quoted: a comma
 * is the list separator of other locales, so quoting it keeps the file readable there too.
 */
export type CsvValue = string | number | undefined | null;

export const BOM = "\uFEFF";

const OPTIONS = {
  delimiter: ";",
  record_delimiter: "\r\n",
  // With a record delimiter set, csv-stringify quotes a lone CR or LF only when asked to.
  quote_record_delimiter: true,
  escape_formulas: true,
  quoted_match: /,/,
} as const;

// Numbers become text first: "-5" is escaped like any text starting with «-» (csv-stringify
// would leave a negative number as it is).
const text = (value: CsvValue) => (value === undefined || value === null ? "" : String(value));

/** Lines of CSV, each ending with CRLF (no BOM). */
export function csvLines(rows: CsvValue[][]): string {
  return stringify(
    rows.map((row) => row.map(text)),
    OPTIONS,
  );
}

/** One line of CSV ending with CRLF: for output written row by row (the CLI). */
export function csvLine(cells: CsvValue[]): string {
  return csvLines([cells]);
}

/** One cell as it is written between the separators. */
export function csvCell(value: CsvValue): string {
  return csvLine([value]).slice(0, -2);
}

/** A whole file: the BOM (unless `bom: false`), the header line and the rows. */
export function csvDocument(
  header: readonly string[],
  rows: CsvValue[][],
  opts: { bom?: boolean } = {},
): string {
  return (opts.bom === false ? "" : BOM) + csvLines([[...header], ...rows]);
}
