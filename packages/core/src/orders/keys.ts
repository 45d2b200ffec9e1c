import { orgPk } from "../storage/table.js";
import type { OrderKind } from "./types.js";

/**
 * Orders of a year share one partition: the register of a year is one Query, in number order.
 * The year's counter lives in the small "years" partition, so listing years is one Query too;
 * a pointer item finds an order by its (random) id with a consistent read.
 */
export const orderYearPk = (orgId: string, year: number) => orgPk(orgId, "ORDERS", String(year));
export const orderSk = (seq: number) => `ORDER#${String(seq).padStart(6, "0")}`;
export const orderKey = (orgId: string, year: number, seq: number) => ({
  pk: orderYearPk(orgId, year),
  sk: orderSk(seq),
});

/** Pointer from an order id to its register entry (ids are random, so they appear in URLs). */
export const orderIdKey = (orgId: string, orderId: string) => ({
  pk: orgPk(orgId, "ORDER", orderId),
  sk: "ORDER",
});

/** GSI byOwner partition for the register filtered by kind; sort key orders by year then number. */
export const orderKindGsiPk = (orgId: string, kind: OrderKind) => orgPk(orgId, "ORDERS-KIND", kind);
export const orderKindGsiSk = (year: number, seq: number) => `${year}#${String(seq).padStart(6, "0")}`;

/** The counter of a year ({seq}: the last number issued); one item per year that has orders. */
export const orderYearsPk = (orgId: string) => orgPk(orgId, "ORDER-YEARS");
export const orderCounterKey = (orgId: string, year: number) => ({
  pk: orderYearsPk(orgId),
  sk: `YEAR#${year}`,
});

/** The administrator appointment in force (one per organisation), replaced by each new appointment. */
export const adminAppointmentKey = (orgId: string) => ({
  pk: orgPk(orgId, "ADMIN-APPOINTMENT"),
  sk: "CURRENT",
});

/**
 * The current extract of the register for one filter ("2026", "all:appoint-administrator"...): a
 * pointer read consistently and replaced conditionally, so two extracts issued at the same time
 * cannot both stay current (the owner GSI alone is eventually consistent).
 */
export const registerExtractKey = (orgId: string, filterKey: string) => ({
  pk: orgPk(orgId, "ORDERS-REGISTER-EXTRACT"),
  sk: `FILTER#${filterKey}`,
});

/** Acknowledgments of one order: a partition per order, an item per person (never overwritten). */
export const orderAckPk = (orgId: string, orderId: string) => orgPk(orgId, "ORDER-ACK", orderId);
export const orderAckKey = (orgId: string, orderId: string, staffId: string) => ({
  pk: orderAckPk(orgId, orderId),
  sk: `STAFF#${staffId}`,
});
/** The current acknowledgment sheet of an order: replaced conditionally on its revision. */
export const orderAckSheetKey = (orgId: string, orderId: string) => ({
  pk: orderAckPk(orgId, orderId),
  sk: "SHEET",
});

/** The last number of a year's register extracts («ВЖ-3»): extracts are registered in their own series. */
export const registerExtractCounterKey = (orgId: string, year: number) => ({
  pk: orgPk(orgId, "ORDERS-REGISTER-EXTRACT"),
  sk: `COUNTER#${year}`,
});
