/**
 * CSV for Excel on Russian Windows: `;` between cells, CRLF line ends, UTF-8 with a BOM (without it
 * Excel reads UTF-8 as Windows-1251). Cells that a spreadsheet would run as a formula are
 * prefixed with an apostrophe (CSV injection).
 */
export const BOM = "\uFEFF";

export function csvCell(value: string | number | undefined | null): string {
  let text = value === undefined || value === null ? "" : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[;"\r\n,]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(cells: Array<string | number | undefined | null>, delimiter = ";"): string {
  return `${cells.map(csvCell).join(delimiter)}\r\n`;
}

export function csvDocument(
  header: string[],
  rows: Array<Array<string | number | undefined | null>>,
  opts: { bom?: boolean } = {},
): string {
  return (opts.bom === false ? "" : BOM) + csvLine(header) + rows.map((r) => csvLine(r)).join("");
}
