import type { Actor, AuditEventInput } from "../audit/types.js";
import { localDate, ruDate } from "../clock.js";
import { StateError, ValidationError } from "../errors.js";
import { RegulationRepository } from "../regulation/regulation-repository.js";
import { repealTxItems } from "../regulation/repeal.js";
import { isInForce } from "../regulation/rules.js";
import type { Services } from "../services.js";
import { documentPerson } from "../staff/grammar.js";
import { StaffRepository } from "../staff/staff-repository.js";
import type { TxItem } from "../storage/database.js";
import { cleanText, isoDate, parseInput, z } from "../validation.js";
import { currentAppointment } from "./appointments.js";
import {
  type IssuedOrder,
  type IssueOrderInput,
  issueOrder,
  type OrderPreview,
  previewOrder,
} from "./issue-order.js";
import { adminAppointmentKey, orderKey } from "./keys.js";
import { requireOrder } from "./register.js";
import { mayCancelOrder, mayTakeEffectOn } from "./rules.js";
import { endGrant, grantOpenOn, staffRolesItem } from "./staff-items.js";
import type { OrderEntry } from "./types.js";

const blank = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

export const cancelOrderInputSchema = z.object({
  kind: z.enum(["cancel", "void-from"], {
    error: "Выберите: отменить приказ как изданный ошибочно или признать его утратившим силу",
  }),
  /** Continues «В связи с …»; a typed «В связи с» and a final full stop are dropped. */
  reason: z.preprocess(
    (v) => (typeof v === "string" ? v.replace(/^\s*в\s+связи\s+с\s+/iu, "").replace(/[\s.;,]+$/u, "") : v),
    z.string({ error: "Укажите причину" }).pipe(cleanText(500)),
  ),
  effectiveDate: z.preprocess(blank, isoDate.optional()),
});
export type CancelOrderInput = z.input<typeof cancelOrderInputSchema>;

/** The register title of the cancelling order (the PDF heading adds the cancelled order's title). */
export const cancelOrderTitle = (kind: "cancel" | "void-from", order: Pick<OrderEntry, "date" | "number">) =>
  `${kind === "cancel" ? "Об отмене приказа" : "О признании утратившим силу приказа"} от ${ruDate(order.date)} № ${order.number}`;

/**
 * The order cancelling `orderId` (issued in error: void from the start) or declaring it void from
 * a date, and what it undoes, in the same transaction as the new order:
 *  - the old order stays in the register, status «Отменён» / «Утратил силу» with a reference to
 *    the new one; its PDF is withdrawn, so verification says it is no longer in force;
 *  - an administrator appointment it granted ends (the grant ends today when cancelled, on the
 *    date when declared void; the appointment record is removed). The administrator the cancelled
 *    order replaced is NOT restored: that takes a new appointment order;
 *  - the regulation version it approved is repealed today (clause 4.1), as repealVersion does;
 *  - a class-teacher distribution is refused: groups keep only their current class teachers, not
 *    the distribution an order replaced, so the service cannot tell what cancelling would restore.
 */
async function cancellationOrder(
  services: Services,
  orderId: string,
  input: CancelOrderInput | Readonly<Record<string, unknown>>,
  actor: Actor,
): Promise<IssueOrderInput> {
  const data = parseInput(cancelOrderInputSchema, input);
  const order = await requireOrder(services, orderId);
  const today = localDate(services.now(), services.config.timeZone);
  const refusal = mayCancelOrder(order, { kind: data.kind, effectiveDate: data.effectiveDate });
  if (refusal?.conflict) throw new StateError(refusal.message, "order_cancelled");
  if (refusal?.field) throw new ValidationError(refusal.message, { [refusal.field]: [refusal.message] });
  if (order.kind === "cancel-order") {
    throw new StateError(
      "Приказ об отмене другого приказа не отменяется: отменённый приказ не восстанавливается. Издайте новый приказ.",
      "order_not_cancellable",
    );
  }
  if (order.kind === "assign-class-teachers") {
    throw new StateError(
      "Приказ о закреплении классных руководителей в системе не отменяется: прежнее распределение групп не хранится. Издайте новый приказ о закреплении с верным распределением.",
      "order_not_cancellable",
    );
  }
  const effectiveDate = data.kind === "void-from" ? data.effectiveDate : undefined;
  // The new order is dated today; what it ends, it ends today or later (never retroactively).
  if (effectiveDate && !mayTakeEffectOn(today, effectiveDate)) {
    throw new ValidationError("Дата не может быть раньше даты приказа", {
      effectiveDate: [`Не раньше даты приказа: ${ruDate(today)}`],
    });
  }
  // Ends at: today for a cancelled order (it stops acting now), the date for one declared void.
  const endsOn = effectiveDate ?? today;
  const active = order.status === "current";

  const staffRepo = new StaffRepository(services);
  const staff = await staffRepo.list();
  const named = staff.filter((s) => (order.named ?? []).includes(s.staffId));

  // Side effects, prepared before the transaction; empty when the order no longer acts.
  const sideItems: TxItem[] = [];
  const sideEvents: AuditEventInput[] = [];
  const now = services.now().toISOString();
  if (active && order.kind === "appoint-administrator") {
    const appointment = await currentAppointment(services);
    if (appointment?.orderId === order.orderId) {
      sideItems.push({
        delete: adminAppointmentKey(services.config.orgId),
        condition: "version = :v",
        values: { ":v": appointment.version },
      });
    }
    for (const member of staff) {
      const granted = (g: (typeof member.roleGrants)[number]) =>
        g.role === "administrator" && g.orderId === order.orderId && grantOpenOn(g, endsOn);
      if (!member.roleGrants.some(granted)) continue;
      sideItems.push(
        staffRolesItem(services, member, {
          roles: member.roles,
          roleGrants: member.roleGrants.map((g) => (granted(g) ? endGrant(g, endsOn) : g)),
        }),
      );
      sideEvents.push({
        actor,
        action: "administrator.appointment_ended",
        entityType: "staff",
        entityId: member.staffId,
        before: "administrator",
        details: { orderId: order.orderId, number: order.number, endsOn },
      });
    }
  }
  if (active && order.kind === "approve-regulation") {
    if (effectiveDate && effectiveDate !== today) {
      throw new ValidationError("Положение утрачивает силу в день подписания приказа", {
        effectiveDate: [`Положение утрачивает силу с даты приказа: ${ruDate(today)}`],
      });
    }
    const regulation = new RegulationRepository(services);
    const [version, current] = await Promise.all([regulation.get(order.owner.id), regulation.current()]);
    if (version && current && isInForce(version, current)) {
      sideItems.push(...(await repealTxItems(services, version, current, data.reason, today, now)));
      sideEvents.push({
        actor,
        action: "regulation.repealed",
        entityType: "regulation_version",
        entityId: version.versionId,
        before: "in_force",
        after: "repealed",
      });
    }
  }
  const oldDocument = await services.documents.get(order.documentId);
  const status = data.kind === "cancel" ? "cancelled" : "repealed";

  return {
    kind: "cancel-order",
    documentType: "order-cancel",
    title: cancelOrderTitle(data.kind, order),
    date: today,
    actor,
    owner: { type: "order", id: order.orderId },
    named: named.map((s) => s.staffId),
    buildData: () => ({
      cancelKind: data.kind,
      cancelled: { date: order.date, orderNumber: order.number, title: order.title },
      reason: data.reason,
      ...(effectiveDate ? { effectiveDate } : {}),
      ...(named.length > 0 ? { acquaintances: named.map(documentPerson) } : {}),
    }),
    extraItems: (reg) => {
      const cancelledBy = {
        orderId: reg.orderId,
        number: reg.number,
        date: reg.date,
        ...(effectiveDate ? { effectiveDate } : {}),
      };
      const items: TxItem[] = [
        {
          update: orderKey(services.config.orgId, order.year, order.seq),
          expression:
            "SET #status = :status, statusChangedAt = :at, cancelledBy = :by, cancelReason = :reason, version = :next",
          condition: "version = :v AND #status = :was",
          names: { "#status": "status" },
          values: {
            ":status": status,
            ":at": now,
            ":by": cancelledBy,
            ":reason": data.reason,
            ":v": order.version,
            ":next": order.version + 1,
            ":was": order.status,
          },
          onConflict: () =>
            new StateError("Приказ изменился или уже отменён. Обновите страницу.", "conflict"),
        },
        ...sideItems,
      ];
      if (oldDocument?.status === "current") {
        const verb = data.kind === "cancel" ? "Отменён" : "Утратил силу";
        items.push(
          services.documents.records.withdrawTx(
            oldDocument,
            `${verb} приказом от ${ruDate(reg.date)} № ${reg.number}`,
            now,
          ),
        );
      }
      return items;
    },
    extraEvents: (reg) => [
      {
        actor,
        action: "order.status_changed",
        entityType: "order",
        entityId: order.orderId,
        before: order.status,
        after: status,
        details: { number: order.number, cancelledBy: reg.orderId, reason: data.reason },
      },
      ...sideEvents,
    ],
  };
}

/** Cancels an order (see cancellationOrder): the new order signed, registered and applied at once. */
export async function cancelOrder(
  services: Services,
  orderId: string,
  input: CancelOrderInput | Readonly<Record<string, unknown>>,
  actor: Actor,
): Promise<IssuedOrder> {
  return issueOrder(services, await cancellationOrder(services, orderId, input, actor));
}

/** The cancelling order as a draft marked «ПРОЕКТ» («№ ___», unsigned, no QR): shown before signing. */
export async function previewCancelOrder(
  services: Services,
  orderId: string,
  input: CancelOrderInput | Readonly<Record<string, unknown>>,
  actor: Actor,
): Promise<OrderPreview> {
  const {
    extraItems: _items,
    extraEvents: _events,
    supersedes: _supersedes,
    ...order
  } = await cancellationOrder(services, orderId, input, actor);
  return previewOrder(services, order);
}
