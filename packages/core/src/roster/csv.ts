import { CsvError, parse } from "csv-parse/sync";
import iconv from "iconv-lite";
import { PayloadTooLargeError, ValidationError } from "../errors.js";
import type { RosterRowInput } from "./schemas.js";

/** Rosters of a whole college fit easily; anything bigger is a wrong file. */
export const MAX_ROSTER_BYTES = 5 * 1024 * 1024;
/** A web request must finish well within the API Gateway limit (30 s): bigger rosters go in parts or by CLI. */
export const MAX_ROSTER_ROWS = 5_000;

export type RosterEncoding = "utf-8" | "windows-1251" | "utf-16le" | "utf-16be";

/**
 * Text of a file as Russian offices save it: UTF-8 with or without BOM (LibreOffice, Google
 * Sheets), Windows-1251 (Excel «CSV (разделители — запятые)» on Russian Windows), or UTF-16
 * with BOM («Текст Юникод»). Bytes that are not valid UTF-8 are read as Windows-1251.
 */
export function decodeRoster(bytes: Uint8Array): { text: string; encoding: RosterEncoding } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder("utf-8").decode(bytes.subarray(3)), encoding: "utf-8" };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe)
    return { text: new TextDecoder("utf-16le").decode(bytes.subarray(2)), encoding: "utf-16le" };
  if (bytes[0] === 0xfe && bytes[1] === 0xff)
    return { text: new TextDecoder("utf-16be").decode(bytes.subarray(2)), encoding: "utf-16be" };
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes), encoding: "utf-8" };
  } catch {
    return { text: iconv.decode(Buffer.from(bytes), "win1251"), encoding: "windows-1251" };
  }
}

/** The delimiter of the header line: the most frequent of `;`, `,` and tab outside quotes. */
export function detectDelimiter(text: string): ";" | "," | "\t" {
  const firstLine = text.split(/\r\n|\n|\r/).find((l) => l.trim() !== "") ?? "";
  const counts = { ";": 0, ",": 0, "\t": 0 };
  let quoted = false;
  for (const ch of firstLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch in counts) counts[ch as keyof typeof counts]++;
  }
  const best = (Object.entries(counts) as Array<[keyof typeof counts, number]>).sort(
    (a, b) => b[1] - a[1],
  )[0]!;
  return best[1] > 0 ? best[0] : ";";
}

export type RosterColumn = keyof RosterRowInput;

export const COLUMN_LABELS: Record<RosterColumn, string> = {
  group: "Группа",
  student: "ФИО обучающегося",
  parent: "ФИО родителя (законного представителя)",
  phone: "Телефон",
  email: "Email",
  birthDate: "Дата рождения",
  studentPhone: "Телефон обучающегося",
  studentEmail: "Email обучающегося",
  studentId: "Код обучающегося",
};

const REQUIRED: RosterColumn[] = ["group", "student", "parent"];

/** Which column a header names, in Russian or English, as offices spell it. */
export function columnOf(header: string): RosterColumn | undefined {
  const h = header
    .toLocaleLowerCase("ru-RU")
    .replace(/ё/g, "е")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
  if (!h) return undefined;
  const parents = /родител|представител|мать|отец|опекун|parent|guardian/.test(h);
  const students = !parents && /обучающ|студент|учащ|ученик|student|pupil/.test(h);
  // The service's student id («Код обучающегося», «ID»), the date of birth, then contacts
  // («Телефон родителя», «Телефон обучающегося»), the parent («ФИО родителя обучающегося»), the student.
  if (/(^|\s)(код|id|идентификатор)(\s|$)/.test(h) && !/групп|group/.test(h)) return "studentId";
  if (/рожд|birth|^д ?р$/.test(h)) return "birthDate";
  if (/телефон|^тел\b|phone|mobile/.test(h)) return students ? "studentPhone" : "phone";
  if (/e ?mail|почт/.test(h)) return students ? "studentEmail" : "email";
  if (parents) return "parent";
  if (/обучающ|студент|учащ|ученик|^фио$|student|pupil/.test(h)) return "student";
  if (/групп|^group|класс/.test(h)) return "group";
  return undefined;
}

export interface ParsedRow {
  /** Line number in the file (the header is line 1), as a spreadsheet shows it. */
  row: number;
  values: RosterRowInput;
}

export interface ParsedRoster {
  rows: ParsedRow[];
  encoding: RosterEncoding;
  delimiter: string;
}

/** Reads a roster file into rows; the whole file is refused only if it cannot be read as a table. */
export function parseRoster(bytes: Uint8Array): ParsedRoster {
  if (bytes.byteLength > MAX_ROSTER_BYTES)
    throw new PayloadTooLargeError("Файл списка больше 5 МБ: разделите его на части");
  const { text, encoding } = decodeRoster(bytes);
  if (!text.trim()) throw new ValidationError("Файл пуст", { file: ["Файл пуст"] });
  const delimiter = detectDelimiter(text);
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text, {
      delimiter,
      bom: true,
      info: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      trim: true,
    }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const line = (error as CsvError & { lines?: number }).lines;
    const reason = `Файл не читается как таблица CSV${line ? ` (строка ${line})` : ""}: проверьте кавычки`;
    throw new ValidationError(reason, { file: [reason] });
  }
  const [header, ...data] = records;
  if (!header) throw new ValidationError("Файл пуст", { file: ["Файл пуст"] });
  if (data.length > MAX_ROSTER_ROWS) {
    throw new PayloadTooLargeError(`В файле больше ${MAX_ROSTER_ROWS} строк: разделите его на части`);
  }
  const columns = new Map<RosterColumn, number>();
  header.record.forEach((name, index) => {
    const column = columnOf(name);
    if (column && !columns.has(column)) columns.set(column, index);
  });
  const missing = REQUIRED.filter((c) => !columns.has(c));
  if (missing.length > 0) {
    const reason = `В первой строке нет столбцов: ${missing.map((c) => `«${COLUMN_LABELS[c]}»`).join(", ")}. Ожидаются заголовки: ${Object.values(COLUMN_LABELS).slice(0, 5).join("; ")} (и необязательные: ${Object.values(COLUMN_LABELS).slice(5).join("; ")})`;
    throw new ValidationError(reason, { file: [reason] });
  }
  const cell = (record: string[], column: RosterColumn) => {
    const index = columns.get(column);
    return index === undefined ? undefined : (record[index] ?? "");
  };
  const rows: ParsedRow[] = [];
  for (const { record, info } of data) {
    if (record.every((v) => v.trim() === "")) continue;
    rows.push({
      row: info.lines,
      values: {
        group: cell(record, "group") ?? "",
        student: cell(record, "student") ?? "",
        parent: cell(record, "parent") ?? "",
        phone: cell(record, "phone"),
        email: cell(record, "email"),
        studentPhone: cell(record, "studentPhone"),
        studentEmail: cell(record, "studentEmail"),
        birthDate: cell(record, "birthDate"),
        studentId: cell(record, "studentId"),
      },
    });
  }
  return { rows, encoding, delimiter };
}
