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
  return bytes;
}

/** The sample file linked from the roster page. */
export const ROSTER_TEMPLATE = csvDocument(
  ["Группа", "ФИО обучающегося", "ФИО родителя (законного представителя)", "Телефон", "Email"],
  [
    ["ТМ-21", "Иванов Иван Иванович", "Иванова Мария Петровна", "+7 914 123-45-67", "ivanova@example.ru"],
    ["ТМ-21", "Петрова Анна Сергеевна", "Петров Сергей Николаевич", "", ""],
  ],
);
