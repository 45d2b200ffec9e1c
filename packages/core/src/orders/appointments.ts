import type { Actor, AuditEventInput } from "../audit/types.js";
import { localDate, ruDate } from "../clock.js";
import { ConflictError, ValidationError } from "../errors.js";
import { newId } from "../ids.js";
import type { Services } from "../services.js";
import { documentPerson } from "../staff/grammar.js";
import type { RoleGrant } from "../staff/roles.js";
import { type StaffMember, StaffRepository } from "../staff/staff-repository.js";
import type { TxItem } from "../storage/database.js";
import { isoDate, parseInput, z } from "../validation.js";
import {
  type IssuedOrder,
  type IssueOrderInput,
  issueOrder,
  type OrderPreview,
  previewOrder,
} from "./issue-order.js";
import { adminAppointmentKey } from "./keys.js";
import { getOrder, listOrders, orderStatusEvent, orderStatusItem } from "./register.js";
import { canBeAdministrator, mayTakeEffectOn } from "./rules.js";
import { endGrant, grantOpenOn, staffRolesItem } from "./staff-items.js";

/** The administrator appointment in force. */
export interface AdminAppointment {
  appointmentId: string;
  staffId: string;
  orderId: string;
  documentId: string;
  effectiveFrom: string;
  version: number;
}

export const appointmentInputSchema = z.object({
  staffId: z.string({ error: "Выберите сотрудника" }).trim().min(1, "Выберите сотрудника").max(100),
  effectiveFrom: isoDate,
});
export type AppointmentInput = z.input<typeof appointmentInputSchema>;

export const APPOINTMENT_TITLE = "О назначении администратора ИКОП «Сферум»";
/** How far ahead an appointment may take effect. */
const MAX_DAYS_AHEAD = 366;

const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

export async function currentAppointment(services: Services): Promise<AdminAppointment | undefined> {
  const item = await services.db.get<AdminAppointment & { pk: string; sk: string }>(
    adminAppointmentKey(services.config.orgId),
    true,
  );
  if (!item) return undefined;
  const { pk: _pk, sk: _sk, ...rest } = item;
  return rest;
}

/** The latest approval order of the regulation still in force, to cite in new orders. */
export async function regulationRef(
  services: Services,
): Promise<{ date: string; orderNumber: string } | undefined> {
  const approvals = await listOrders(services, { kind: "approve-regulation" });
  const current = approvals.filter((o) => o.status === "current").at(-1);
  return current ? { date: current.date, orderNumber: current.number } : undefined;
}

/**
 * Appoints the administrator of ИКОП «Сферум» by the director's order (clause 2.1), from among the
 * pedagogical workers only (clause 2.4). In one transaction with the order:
 *  - the appointee gets a RoleGrant {administrator, from: effectiveFrom, orderId};
 *  - every other administrator role ends at effectiveFrom: the previous appointee's grant, and a
 *    permanent "administrator" role given outside orders (seed, CLI) becomes a grant ending then,
 *    so the college never has two administrators nor a day without one;
 *  - the previous appointment order becomes "no longer current" and its PDF is superseded.
 */
async function appointmentOrder(
  services: Services,
  input: AppointmentInput,
  actor: Actor,
): Promise<IssueOrderInput> {
  const data = parseInput(appointmentInputSchema, input);
  const repo = new StaffRepository(services);
  const today = localDate(services.now(), services.config.timeZone);
  // The order is dated the day it is signed (today); the appointment cannot start before it.
  if (!mayTakeEffectOn(today, data.effectiveFrom)) {
    throw new ValidationError("Дата назначения не может быть раньше даты приказа", {
      effectiveFrom: [`Не раньше даты приказа: ${ruDate(today)}`],
    });
  }
  if (data.effectiveFrom > addDays(today, MAX_DAYS_AHEAD)) {
    throw new ValidationError("Дата назначения слишком далеко в будущем", {
      effectiveFrom: ["Не позднее чем через год"],
    });
  }
  const appointee = await repo.get(data.staffId);
  if (!appointee?.active) {
    throw new ValidationError("Сотрудник не найден", { staffId: ["Выберите сотрудника из списка"] });
  }
  if (!canBeAdministrator(appointee)) {
    throw new ValidationError(
      "Администратором ИКОП «Сферум» назначается только педагогический работник (пункт 2.4 Положения)",
      { staffId: [`${appointee.fullName} не является педагогическим работником`] },
    );
  }

  const [previous, staff, regulation] = await Promise.all([
    currentAppointment(services),
    repo.list(),
    regulationRef(services),
  ]);
  const previousOrder = previous ? await getOrder(services, previous.orderId) : undefined;
  // The earlier order's PDF is superseded by the new one unless it was already withdrawn or replaced.
  const previousDocument = previousOrder ? await services.documents.get(previousOrder.documentId) : undefined;
  const appointmentId = newId();
  const from = data.effectiveFrom;

  return {
    kind: "appoint-administrator",
    documentType: "order-appoint-administrator",
    title: APPOINTMENT_TITLE,
    actor,
    owner: { type: "administrator-appointment", id: appointmentId },
    supersedes: previousDocument?.status === "current" ? [previousDocument.documentId] : undefined,
    date: today,
    named: [appointee.staffId],
    buildData: () => ({
      appointee: documentPerson(appointee),
      effectiveDate: from,
      ...(regulation ? { regulation } : {}),
      acquaintances: [documentPerson(appointee)],
    }),
    extraItems: (reg) => {
      const items: TxItem[] = [];
      for (const member of staff) {
        const change = administratorChange(
          member,
          from,
          member.staffId === appointee.staffId ? reg.orderId : undefined,
          services.config.timeZone,
        );
        if (change) items.push(staffRolesItem(services, member, change));
      }
      if (previousOrder?.status === "current") {
        items.push(
          orderStatusItem(services, previousOrder, "no_longer_current", { replacedBy: reg.orderId }),
        );
      }
      const record: AdminAppointment = {
        appointmentId,
        staffId: appointee.staffId,
        orderId: reg.orderId,
        documentId: reg.documentId,
        effectiveFrom: from,
        version: (previous?.version ?? 0) + 1,
      };
      items.push({
        put: { ...adminAppointmentKey(services.config.orgId), entity: "admin-appointment", ...record },
        ...(previous
          ? { condition: "version = :v", values: { ":v": previous.version } }
          : { condition: "attribute_not_exists(pk)" }),
        onConflict: () =>
          new ConflictError(
            "Одновременно подписан другой приказ о назначении администратора. Обновите страницу.",
          ),
      });
      return items;
    },
    extraEvents: (reg) => {
      const events: AuditEventInput[] = [
        {
          actor,
          action: "administrator.appointed",
          entityType: "staff",
          entityId: appointee.staffId,
          after: "administrator",
          details: {
            orderId: reg.orderId,
            number: reg.number,
            effectiveFrom: from,
            previousStaffId: previous?.staffId ?? null,
          },
        },
      ];
      if (previousOrder?.status === "current") {
        events.push(orderStatusEvent(actor, previousOrder, "no_longer_current", reg.orderId));
      }
      return events;
    },
  };
}

/**
 * The new roles and grants of one staff member after an appointment from `from`, or undefined when
 * nothing changes. `orderId` is set for the appointee only.
 */
export function administratorChange(
  member: StaffMember,
  from: string,
  orderId: string | undefined,
  timeZone: string,
): { roles: StaffMember["roles"]; roleGrants: RoleGrant[] } | undefined {
  let changed = false;
  const roles = member.roles.filter((r) => r !== "administrator");
  const grants = member.roleGrants.map((g) => {
    if (g.role !== "administrator" || !grantOpenOn(g, from)) return g;
    changed = true;
    return endGrant(g, from);
  });
  if (roles.length !== member.roles.length) {
    // A permanent role predates orders: keep it as a period that ends when the appointee takes over.
    changed = true;
    grants.push({ role: "administrator", from: localDate(new Date(member.createdAt), timeZone), to: from });
  }
  if (orderId) {
    changed = true;
    grants.push({ role: "administrator", from, orderId });
  }
  return changed ? { roles, roleGrants: grants } : undefined;
}

/** Appoints the administrator (see appointmentOrder): the order signed, registered and applied. */
export async function appointAdministrator(
  services: Services,
  input: AppointmentInput,
  actor: Actor,
): Promise<IssuedOrder> {
  return issueOrder(services, await appointmentOrder(services, input, actor));
}

/** The same order as a draft marked «ПРОЕКТ» («№ ___», unsigned, no QR): shown before signing. */
export async function previewAppointment(
  services: Services,
  input: AppointmentInput,
  actor: Actor,
): Promise<OrderPreview> {
  const {
    extraItems: _items,
    extraEvents: _events,
    supersedes: _supersedes,
    ...order
  } = await appointmentOrder(services, input, actor);
  return previewOrder(services, order);
}
