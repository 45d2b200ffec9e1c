import type { Actor } from "../audit/types.js";
import { NotFoundError, StateError } from "../errors.js";
import type { Services } from "../services.js";
import type { TxItem } from "../storage/database.js";
import { GSI } from "../storage/table.js";
import { orderIdKey, orderKey, orderKindGsiPk, orderYearPk, orderYearsPk } from "./keys.js";
import type { OrderEntry, OrderKind, OrderStatus } from "./types.js";

type Stored = OrderEntry & { pk: string; sk: string; gsi1pk?: string; gsi1sk?: string };

function view(item: Stored): OrderEntry {
  const { pk: _pk, sk: _sk, gsi1pk: _g, gsi1sk: _s, ...entry } = item;
  return entry;
}

/** An order of the register by its id (consistent read), or undefined. */
export async function getOrder(services: Services, orderId: string): Promise<OrderEntry | undefined> {
  const { orgId } = services.config;
  const pointer = await services.db.get<{ year: number; seq: number }>(orderIdKey(orgId, orderId), true);
  if (!pointer) return undefined;
  const item = await services.db.get<Stored>(orderKey(orgId, pointer.year, pointer.seq), true);
  return item ? view(item) : undefined;
}

export async function requireOrder(services: Services, orderId: string): Promise<OrderEntry> {
  const order = await getOrder(services, orderId);
  if (!order) throw new NotFoundError("Приказ не найден");
  return order;
}

/**
 * The register: orders of a year (or of every year), optionally of one kind, in number order.
 * Queries only: a year is one partition; a kind is one GSI partition sorted by year and number.
 */
export async function listOrders(
  services: Services,
  filter: { year?: number; kind?: OrderKind } = {},
): Promise<OrderEntry[]> {
  const { orgId } = services.config;
  const { db } = services;
  if (filter.kind) {
    const items = await db.queryPartition<Stored>(
      orderKindGsiPk(orgId, filter.kind),
      filter.year ? `${filter.year}#` : undefined,
      { index: GSI.byOwner },
    );
    return items.map(view);
  }
  const years = filter.year ? [filter.year] : await listOrderYears(services);
  const out: OrderEntry[] = [];
  for (const year of [...years].sort((a, b) => a - b)) {
    const items = await db.queryPartition<Stored>(orderYearPk(orgId, year), "ORDER#");
    out.push(...items.map(view));
  }
  return out;
}

/** Years that have at least one order, newest first. */
export async function listOrderYears(services: Services): Promise<number[]> {
  const items = await services.db.queryPartition<{ year: number }>(
    orderYearsPk(services.config.orgId),
    "YEAR#",
  );
  return items.map((i) => i.year).sort((a, b) => b - a);
}

/**
 * The write that changes an order's status, for the caller's transaction (e.g. a new appointment
 * makes the previous appointment order no longer current in the same transaction).
 */
export function orderStatusItem(
  services: Services,
  order: OrderEntry,
  status: OrderStatus,
  opts: { replacedBy?: string } = {},
): TxItem {
  const values: Record<string, unknown> = {
    ":status": status,
    ":at": services.now().toISOString(),
    ":v": order.version,
    ":next": order.version + 1,
  };
  let expression = "SET #status = :status, statusChangedAt = :at, version = :next";
  if (opts.replacedBy) {
    expression += ", replacedBy = :by";
    values[":by"] = opts.replacedBy;
  }
  return {
    update: orderKey(services.config.orgId, order.year, order.seq),
    expression,
    condition: "version = :v",
    names: { "#status": "status" },
    values,
  };
}

/**
 * The write that makes an order no longer current when only its place in the register is known
 * (the regulation's approval order, found by id): conditional on the order still being current.
 */
export function orderEndedItem(
  orgId: string,
  order: { year: number; seq: number },
  now: string,
  opts: { replacedBy?: string; onConflict: () => Error },
): TxItem {
  const values: Record<string, unknown> = {
    ":no": "no_longer_current",
    ":current": "current",
    ":now": now,
    ":one": 1,
  };
  let expression = "SET #status = :no, statusChangedAt = :now, #rev = #rev + :one";
  if (opts.replacedBy) {
    expression += ", replacedBy = :by";
    values[":by"] = opts.replacedBy;
  }
  return {
    update: orderKey(orgId, order.year, order.seq),
    expression,
    condition: "#status = :current",
    names: { "#status": "status", "#rev": "version" },
    values,
    onConflict: opts.onConflict,
  };
}

/** Marks an order no longer current on its own (with its audit event). */
export async function markOrderNoLongerCurrent(
  services: Services,
  orderId: string,
  actor: Actor,
  opts: { replacedBy?: string } = {},
): Promise<OrderEntry> {
  const order = await requireOrder(services, orderId);
  if (order.status !== "current") throw new StateError("Приказ уже утратил силу", "order_not_current");
  await services.db.transact(
    [orderStatusItem(services, order, "no_longer_current", opts)],
    [orderStatusEvent(actor, order, "no_longer_current", opts.replacedBy)],
  );
  return { ...order, status: "no_longer_current", version: order.version + 1, replacedBy: opts.replacedBy };
}

export function orderStatusEvent(actor: Actor, order: OrderEntry, status: OrderStatus, replacedBy?: string) {
  return {
    actor,
    action: "order.status_changed",
    entityType: "order",
    entityId: order.orderId,
    before: order.status,
    after: status,
    details: { number: order.number, replacedBy: replacedBy ?? null },
  };
}
