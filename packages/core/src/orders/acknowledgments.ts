import type { Actor } from "../audit/types.js";
import { localDate } from "../clock.js";
import { ConflictError, ForbiddenError } from "../errors.js";
import { newId } from "../ids.js";
import type { Services } from "../services.js";
import { acknowledgmentRow, pendingRow } from "../staff/acknowledgment-rows.js";
import { staffGender } from "../staff/grammar.js";
import { type StaffMember, StaffRepository } from "../staff/staff-repository.js";
import { OrderAcknowledgmentRepository } from "./acknowledgment-repository.js";
import { orderDownloadUrl } from "./downloads.js";
import { orderAckKey, orderAckSheetKey } from "./keys.js";
import { listOrders, requireOrder } from "./register.js";
import { mustAcknowledgeOrder } from "./rules.js";
import type { OrderAcknowledgment, OrderAcknowledgmentSheet, OrderEntry } from "./types.js";

/*
 * Acknowledgment of an order by the people it names («С приказом ознакомлен(ы)», ТК РФ art. 22, 68).
 * The signed order never changes: it prints the rows with the date and method left blank. Each
 * acknowledgment in the service is the person's own record (never overwritten), and the signed
 * «лист ознакомления с приказом» is issued again from all of them, superseding the previous sheet.
 */

/** Owner type of the sheets' document records; the owner id is the order's id. */
export const ORDER_ACK_OWNER = "order-acknowledgment";

const MAX_SHEET_ATTEMPTS = 30;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

class AlreadyAcknowledged extends Error {}
class SheetRaced extends Error {}

const raced = (error: unknown) =>
  error instanceof SheetRaced || (error instanceof ConflictError && error.code === "document_not_current");

const busy = () =>
  new ConflictError("Лист ознакомления обновляется другими сотрудниками, повторите попытку", "busy");

function requireNamed(order: OrderEntry, staffId: string): void {
  if (!mustAcknowledgeOrder(order, staffId)) {
    throw new ForbiddenError("Приказ не называет вас среди работников, которые знакомятся с ним");
  }
}

export interface AcknowledgedOrder {
  acknowledgment: OrderAcknowledgment;
  alreadyAcknowledged: boolean;
  sheetDocumentId: string;
}

/**
 * Records that `staff` has read the order (idempotent: a repeated acknowledgment keeps the first
 * record) and brings the order's signed sheet up to date. Only a person the order names may.
 */
export async function acknowledgeOrder(
  services: Services,
  orderId: string,
  staff: StaffMember,
  actor: Actor,
): Promise<AcknowledgedOrder> {
  const order = await requireOrder(services, orderId);
  requireNamed(order, staff.staffId);
  const now = services.now();
  const gender = staffGender(staff);
  const ack: OrderAcknowledgment = {
    orderId,
    staffId: staff.staffId,
    ackId: newId(),
    fullName: staff.fullName,
    position: staff.position,
    ...(gender ? { gender } : {}),
    date: localDate(now, services.config.timeZone),
    at: now.toISOString(),
  };
  let alreadyAcknowledged = false;
  try {
    await services.db.transact(
      [
        {
          put: { ...orderAckKey(services.config.orgId, orderId, staff.staffId), entity: "order-ack", ...ack },
          condition: "attribute_not_exists(pk)",
          onConflict: () => new AlreadyAcknowledged(),
        },
      ],
      [
        {
          actor,
          action: "order.acknowledged",
          entityType: "order",
          entityId: orderId,
          details: { number: order.number, staffId: staff.staffId, ackId: ack.ackId },
        },
      ],
    );
  } catch (error) {
    if (!(error instanceof AlreadyAcknowledged)) throw error;
    alreadyAcknowledged = true;
  }
  const sheet = await refreshOrderSheet(services, order, actor, staff.staffId);
  const stored = alreadyAcknowledged
    ? ((await new OrderAcknowledgmentRepository(services).get(orderId, staff.staffId)) ?? ack)
    : ack;
  return { acknowledgment: stored, alreadyAcknowledged, sheetDocumentId: sheet.documentId };
}

/**
 * Issues the order's sheet from every acknowledgment. As with the regulation's sheet, the pointer
 * is read BEFORE the acknowledgments and written only if unchanged, so the last sheet written lists
 * every acknowledgment committed before it; a request whose acknowledgment a newer sheet already
 * lists stops early.
 */
export async function refreshOrderSheet(
  services: Services,
  order: OrderEntry,
  actor: Actor,
  mustInclude?: string,
): Promise<OrderAcknowledgmentSheet> {
  const { config } = services;
  const repo = new OrderAcknowledgmentRepository(services);
  const staffRepo = new StaffRepository(services);
  for (let attempt = 1; ; attempt++) {
    const previous = await repo.sheet(order.orderId);
    if (mustInclude && previous?.includes.includes(mustInclude)) return previous;
    const [acks, staff] = await Promise.all([repo.list(order.orderId), staffRepo.list()]);
    const byStaff = new Map(acks.map((a) => [a.staffId, a]));
    const members = new Map(staff.map((s) => [s.staffId, s]));
    // The rows follow the order's own list of the people it names.
    const entries = (order.named ?? []).flatMap((id) => {
      const ack = byStaff.get(id);
      if (ack) return [acknowledgmentRow(ack, config.timeZone)];
      const member = members.get(id);
      return member ? [pendingRow(member)] : [];
    });
    const rev = (previous?.rev ?? 0) + 1;
    const prepared = await services.documents
      .prepare({
        type: "order-acknowledgment",
        data: { order: { number: order.number, date: order.date, title: order.title }, entries },
        // «146-од/ЛО-2»: the 2nd issue of the sheet of order 146-од.
        number: `${order.number}/ЛО-${rev}`,
        date: localDate(services.now(), config.timeZone),
        owner: { type: ORDER_ACK_OWNER, id: order.orderId },
        title: `Лист ознакомления с приказом от ${order.date.split("-").reverse().join(".")} № ${order.number}`,
        supersedes: previous ? [previous.documentId] : undefined,
        actor,
      })
      .catch((error) => (raced(error) ? undefined : Promise.reject(error)));
    if (prepared) {
      const sheet: OrderAcknowledgmentSheet = {
        orderId: order.orderId,
        documentId: prepared.documentId,
        includes: acks.map((a) => a.staffId),
        rev,
        updatedAt: services.now().toISOString(),
      };
      try {
        await services.db.transact(
          [
            {
              put: { ...orderAckSheetKey(config.orgId, order.orderId), entity: "order-ack-sheet", ...sheet },
              ...(previous
                ? { condition: "rev = :rev", values: { ":rev": previous.rev } }
                : { condition: "attribute_not_exists(pk)" }),
              onConflict: () => new SheetRaced(),
            },
            ...prepared.txItems,
          ],
          [
            prepared.auditEvent,
            {
              actor,
              action: "order.acknowledgment_sheet_updated",
              entityType: "order",
              entityId: order.orderId,
              after: `rev${rev}`,
              details: { documentId: prepared.documentId, acknowledged: acks.length },
            },
          ],
        );
        return sheet;
      } catch (error) {
        if (!raced(error)) throw error;
      }
    }
    // Several people acknowledged at once: back off a little so one of them renders for all.
    if (attempt >= MAX_SHEET_ATTEMPTS) throw busy();
    await sleep(Math.random() * 20 * Math.min(attempt, 5));
  }
}

/** Orders in force that name the person and that they have not acknowledged yet (the staff home prompt). */
export async function pendingOrderAcknowledgments(
  services: Services,
  staffId: string,
): Promise<OrderEntry[]> {
  const named = (await listOrders(services)).filter(
    (o) => o.status === "current" && mustAcknowledgeOrder(o, staffId),
  );
  const repo = new OrderAcknowledgmentRepository(services);
  const done = await Promise.all(named.map((o) => repo.get(o.orderId, staffId)));
  return named.filter((_, i) => !done[i]);
}

export interface OrderAcknowledgmentStatus {
  order: OrderEntry;
  /** The people the order names, with their acknowledgment when given. */
  people: Array<{
    staffId: string;
    fullName: string;
    position: string;
    acknowledgment?: OrderAcknowledgment;
  }>;
  sheet?: OrderAcknowledgmentSheet;
}

/** Who of the people an order names has acknowledged it, for the director and the administrator. */
export async function orderAcknowledgmentStatus(
  services: Services,
  orderId: string,
): Promise<OrderAcknowledgmentStatus> {
  const order = await requireOrder(services, orderId);
  const repo = new OrderAcknowledgmentRepository(services);
  const [acks, staff, sheet] = await Promise.all([
    repo.list(orderId),
    new StaffRepository(services).list(),
    repo.sheet(orderId),
  ]);
  const byStaff = new Map(acks.map((a) => [a.staffId, a]));
  const members = new Map(staff.map((s) => [s.staffId, s]));
  const people = (order.named ?? []).map((staffId) => {
    const ack = byStaff.get(staffId);
    const member = members.get(staffId);
    return {
      staffId,
      fullName: ack?.fullName ?? member?.fullName ?? "—",
      position: ack?.position ?? member?.position ?? "",
      ...(ack ? { acknowledgment: ack } : {}),
    };
  });
  return { order, people, ...(sheet ? { sheet } : {}) };
}

/** A download link of the order's signed PDF for a person it names (they read it before acknowledging). */
export async function namedOrderDownloadUrl(services: Services, orderId: string, staffId: string) {
  requireNamed(await requireOrder(services, orderId), staffId);
  return orderDownloadUrl(services, orderId);
}
