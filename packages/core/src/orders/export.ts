import { ruDate } from "../clock.js";
import { ORDER_KIND_LABELS, ORDER_STATUS_LABELS, type OrderEntry } from "./types.js";

/** Columns of the register, shared by the CSV, the PDF and the staff page. */
export const REGISTER_COLUMNS = [
  "№ п/п",
  "Номер приказа",
  "Дата",
  "Заголовок",
  "Вид",
  "Статус",
  "Подписал",
] as const;

export function registerRow(order: OrderEntry, index: number): string[] {
  return [
    String(index + 1),
    order.number,
    ruDate(order.date),
    order.title,
    ORDER_KIND_LABELS[order.kind],
    ORDER_STATUS_LABELS[order.status],
    `${order.signedBy.position} ${order.signedBy.name}`,
  ];
}

/** One CSV field: quoted when needed; a leading = + - @ is neutralised so Excel never runs it as a formula. */
function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[";\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/**
 * The register as CSV for Excel with a Russian locale: UTF-8 with a BOM (so Excel detects the
 * encoding), «;» as separator (Excel's list separator for ru-RU), CRLF line ends.
 */
export function registerCsv(orders: OrderEntry[]): Uint8Array {
  const lines = [
    REGISTER_COLUMNS.map(csvField).join(";"),
    ...orders.map((o, i) => registerRow(o, i).map(csvField).join(";")),
  ];
  return new TextEncoder().encode(`\uFEFF${lines.join("\r\n")}\r\n`);
}

/** A file name for an order's PDF: «Приказ_12-од_от_25.11.2026.pdf» (no path separators). */
export function orderFileName(order: Pick<OrderEntry, "number" | "date">): string {
  const number = order.number.replace(/[\\/:*?"<>|\s]+/g, "_");
  return `Приказ_${number}_от_${ruDate(order.date)}.pdf`;
}
