import { ValidationError } from "@soglasie/core/errors";
import { csvDocument } from "@soglasie/core/exports/csv";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";

export const MAX_ROSTER_UPLOAD = 5 * 1024 * 1024;

/** The roster CSV of the API: the request body itself (text/csv), at most 5 MB. */
export async function readCsvBody(c: Context): Promise<Uint8Array> {
  const type = (c.req.header("content-type") ?? "").toLowerCase();
  if (
    !type.startsWith("text/csv") &&
    !type.startsWith("text/plain") &&
    !type.startsWith("application/octet-stream")
  ) {
    throw new HTTPException(415, { message: "Отправьте файл CSV (Content-Type: text/csv)" });
  }
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  if (bytes.byteLength > MAX_ROSTER_UPLOAD) {
    throw new HTTPException(413, { message: "Файл списка больше 5 МБ: разделите его на части" });
  }
  const notCsv = notCsvReason(bytes);
  if (notCsv) throw new ValidationError(notCsv, { file: [notCsv] });
  return bytes;
}

/** Files people upload instead of a CSV, recognised by their first bytes. */
const NOT_CSV: Array<{ magic: number[]; kind: string; hint: string }> = [
  { magic: [0x25, 0x50, 0x44, 0x46], kind: "PDF", hint: "нужна таблица, а не документ" },
  { magic: [0x50, 0x4b, 0x03, 0x04], kind: "Excel или архив", hint: "сохраните таблицу в формате CSV" },
  {
    magic: [0xd0, 0xcf, 0x11, 0xe0],
    kind: "Excel 97–2003 или Word",
    hint: "сохраните таблицу в формате CSV",
  },
  { magic: [0x89, 0x50, 0x4e, 0x47], kind: "рисунок PNG", hint: "нужна таблица" },
  { magic: [0xff, 0xd8, 0xff], kind: "фотография JPEG", hint: "нужна таблица" },
];

/**
 * One clear message for a file that is not a table at all (a PDF, an .xlsx, a photo), instead of
 * a complaint about missing columns: what the file is and how to get a CSV.
 */
export function notCsvReason(bytes: Uint8Array): string | undefined {
  const found = NOT_CSV.find((f) => f.magic.every((b, i) => bytes[i] === b));
  if (!found) return undefined;
  return `Это файл ${found.kind}, а список загружается в формате CSV (${found.hint}): откройте список в Excel и сохраните его командой «Сохранить как» → «CSV (разделители — точка с запятой)»`;
}

/** The sample file linked from the roster page. */
export const ROSTER_TEMPLATE = csvDocument(
  ["Группа", "ФИО обучающегося", "ФИО родителя (законного представителя)", "Телефон", "Email"],
  [
    ["ТМ-21", "Иванов Иван Иванович", "Иванова Мария Петровна", "+7 914 123-45-67", "ivanova@example.ru"],
    ["ТМ-21", "Петрова Анна Сергеевна", "Петров Сергей Николаевич", "", ""],
  ],
);
