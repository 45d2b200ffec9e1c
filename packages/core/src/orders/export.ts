import { ruDate } from "../clock.js";
import { csvDocument } from "../exports/csv.js";
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

/** The register as CSV for Excel with a Russian locale (see exports/csv.ts). */
export function registerCsv(orders: OrderEntry[]): Uint8Array {
  return new TextEncoder().encode(csvDocument(REGISTER_COLUMNS, orders.map(registerRow)));
}

/** A file name for an order's PDF: «Приказ_12-од_от_25.11.2026.pdf» (no path separators). */
export function orderFileName(order: Pick<OrderEntry, "number" | "date">): string {
  const number = order.number.replace(/[\\/:*?"<>|\s]+/g, "_");
  return `Приказ_${number}_от_${ruDate(order.date)}.pdf`;
}
