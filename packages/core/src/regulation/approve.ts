import type { Actor, AuditEventInput } from "../audit/types.js";
import { localDate, ruDate } from "../clock.js";
import type { PreparedDocument } from "../documents/service.js";
import { ConflictError, NotFoundError, StateError, ValidationError } from "../errors.js";
import { issueOrder, type OrderPreview, previewOrder } from "../orders/issue-order.js";
import { orderIdKey } from "../orders/keys.js";
import { orderEndedItem } from "../orders/register.js";
import { mayTakeEffectOn } from "../orders/rules.js";
import type { Services } from "../services.js";
import { documentPerson } from "../staff/grammar.js";
import { StaffRepository } from "../staff/staff-repository.js";
import type { TxItem } from "../storage/database.js";
import { isoDate, parseInput, z } from "../validation.js";
import { REGULATION_OWNER } from "./keys.js";
import { approvalTxItem, changedMeanwhile, endTxItem, pointerTxItem } from "./lifecycle.js";
import { RegulationRepository } from "./regulation-repository.js";
import { canBeApproved, inForceFrom, mayApproveOn, supersedesInForce } from "./rules.js";
import { assertTransition } from "./state.js";
import type { RegulationVersion } from "./types.js";

export const approveInputSchema = z.object({
  /**
   * Date of the order: the day it is signed, today in the organisation's zone (the default; any
   * other date is refused — an order is not back- or forward-dated).
   */
  date: isoDate.optional(),
  /** «Ввести Положение в действие с»: the order's date (the default, clause 4.1) or later. */
  effectiveDate: z.preprocess((v) => (v === "" ? undefined : v), isoDate.optional()),
  /** Who makes staff acknowledge the regulation (default: the Sferum administrator, else the director). */
  responsibleStaffId: z.uuid("Выберите сотрудника").optional(),
});
export type ApproveInput = z.input<typeof approveInputSchema>;

export interface ApprovedVersion {
  orderId: string;
  number: string;
  date: string;
  /** The order's signed PDF. */
  documentId: string;
  /** The regulation's signed PDF with both marks. */
  regulationDocumentId: string;
}

/** Everything an approval checks before anything is produced: shared by the preview and the signing. */
async function planApproval(services: Services, versionId: string, input: ApproveInput, actor: Actor) {
  const data = parseInput(approveInputSchema, input);
  const { config } = services;
  const orgId = config.orgId;
  const regulation = new RegulationRepository(services);
  const version = await regulation.require(versionId);
  if (!canBeApproved(version)) {
    assertTransition(version.state, "in_force");
    throw new StateError("У редакции нет решения педагогического совета");
  }
  const adoption = version.adoption!;

  const today = localDate(services.now(), config.timeZone);
  if (data.date && data.date !== today) {
    throw new ValidationError("Дата приказа — день его подписания", {
      date: [`Приказ подписывается сегодня, ${ruDate(today)}`],
    });
  }
  const date = today;
  const effectiveDate = data.effectiveDate ?? date;
  if (!mayTakeEffectOn(date, effectiveDate)) {
    throw new ValidationError("Положение не может вводиться в действие раньше даты приказа", {
      effectiveDate: [`Не раньше даты приказа: ${ruDate(date)}`],
    });
  }
  if (!mayApproveOn(date, adoption)) {
    throw new ValidationError("Приказ не может быть раньше заседания педагогического совета", {
      date: [`Дата не раньше ${adoption.date.split("-").reverse().join(".")}`],
    });
  }

  const current = await regulation.current();
  let previous: RegulationVersion | undefined;
  if (current) {
    previous = await regulation.require(current.versionId);
    if (!supersedesInForce(version, previous)) {
      throw new StateError(
        `Уже действует более новая редакция № ${previous.no}: утвердить старую нельзя`,
        "outdated_version",
      );
    }
  }
  const responsible = await responsiblePerson(services, data.responsibleStaffId, actor);
  const order = {
    kind: "approve-regulation" as const,
    documentType: "order-approve-regulation" as const,
    title: `Об утверждении Положения об использовании ИКОП «Сферум» в национальном мессенджере «MAX» (редакция № ${version.no})`,
    date,
    actor,
    owner: { type: REGULATION_OWNER, id: version.versionId },
    named: responsible.staffId ? [responsible.staffId] : [],
    buildData: () => ({
      council: { date: adoption.date, protocolNumber: adoption.protocolNumber },
      effectiveDate: inForceFrom({ date, effectiveDate }),
      responsible: responsible.person,
      acquaintances: [responsible.person],
    }),
  };
  return { orgId, regulation, version, adoption, date, effectiveDate, current, previous, order };
}

/** The approval order as it will be signed, marked «ПРОЕКТ» (nothing is written, no number taken). */
export interface ApprovalPreview extends OrderPreview {
  versionNo: number;
  effectiveDate: string;
}

/**
 * Shows the director the approval order before it is signed: the same checks as approveVersion
 * (the version adopted, the dates lawful, no newer version in force) and the same text, as a draft.
 */
export async function previewApproval(
  services: Services,
  versionId: string,
  input: ApproveInput,
  actor: Actor,
): Promise<ApprovalPreview> {
  const plan = await planApproval(services, versionId, input, actor);
  const draft = await previewOrder(services, plan.order);
  return { ...draft, versionNo: plan.version.no, effectiveDate: plan.effectiveDate };
}

/**
 * The director approves an adopted version by an order (clause 1.3). One transaction writes the
 * order (number, register entry, PDF record — through issueOrder), the regulation PDF with both
 * marks, the version → in_force, the previous version → superseded and the in-force pointer, so the
 * in-force version always has its PDF and two concurrent approvals cannot both win; the loser gets a
 * StateError and, as its transaction is discarded, consumes no order number.
 */
export async function approveVersion(
  services: Services,
  versionId: string,
  input: ApproveInput,
  actor: Actor,
): Promise<ApprovedVersion> {
  const plan = await planApproval(services, versionId, input, actor);
  const { orgId, regulation, version, adoption, effectiveDate, current, previous } = plan;
  const previousOrder = current
    ? await services.db.get<{ year: number; seq: number }>(orderIdKey(orgId, current.orderId), true)
    : undefined;

  // The regulation PDF prints the order's number, so it is prepared per numbering attempt, inside
  // issueOrder's attempt, and joins the same transaction.
  let regulationDoc: PreparedDocument | undefined;
  const text = await regulation.text(version);

  const order = await issueOrder(services, {
    ...plan.order,
    supersedes: current ? [orderDocumentOf(previous)] : undefined,
    extraItems: async (reg): Promise<TxItem[]> => {
      regulationDoc = await services.documents.prepare({
        type: "regulation",
        data: {
          adoption: { date: adoption.date, protocolNumber: adoption.protocolNumber },
          approval: { date: reg.date, orderNumber: reg.number },
        },
        number: `П-${version.no}`,
        date: reg.date,
        owner: { type: REGULATION_OWNER, id: version.versionId },
        supersedes: previous?.documentId ? [previous.documentId] : undefined,
        templateSource: text,
        actor,
      });
      const now = services.now().toISOString();
      const items: TxItem[] = [
        approvalTxItem(
          orgId,
          version,
          {
            orderId: reg.orderId,
            number: reg.number,
            date: reg.date,
            effectiveDate,
            orderDocumentId: reg.documentId,
          },
          regulationDoc.documentId,
          now,
        ),
        pointerTxItem(orgId, current, {
          versionId: version.versionId,
          no: version.no,
          documentId: regulationDoc.documentId,
          orderId: reg.orderId,
          orderNumber: reg.number,
          orderDate: reg.date,
          adoption: { date: adoption.date, protocolNumber: adoption.protocolNumber },
        }),
        ...regulationDoc.txItems,
      ];
      if (previous) {
        items.push(
          endTxItem(orgId, previous, "superseded", reg.date, now, { supersededBy: version.versionId }),
        );
      }
      if (previousOrder) {
        // The order that approved the previous version stays in the register, no longer current.
        items.push(
          orderEndedItem(orgId, previousOrder, now, {
            replacedBy: reg.orderId,
            onConflict: changedMeanwhile,
          }),
        );
      }
      return items;
    },
    extraEvents: (reg): AuditEventInput[] => {
      const events: AuditEventInput[] = [
        {
          actor,
          action: "regulation.approved",
          entityType: "regulation_version",
          entityId: version.versionId,
          before: "adopted",
          after: "in_force",
          details: {
            orderId: reg.orderId,
            number: reg.number,
            date: reg.date,
            documentId: regulationDoc!.documentId,
          },
        },
        regulationDoc!.auditEvent,
      ];
      if (previous) {
        events.push({
          actor,
          action: "regulation.superseded",
          entityType: "regulation_version",
          entityId: previous.versionId,
          before: "in_force",
          after: "superseded",
          details: { supersededBy: version.versionId, orderId: reg.orderId },
        });
      }
      return events;
    },
  }).catch(raceLost);
  return {
    orderId: order.orderId,
    number: order.number,
    date: order.date,
    documentId: order.documentId,
    regulationDocumentId: regulationDoc!.documentId,
  };
}

/**
 * A concurrent approval that committed first has already superseded the documents this one would
 * supersede; the documents engine says so before our own conditions are reached. Same meaning.
 */
function raceLost(error: unknown): never {
  if (error instanceof ConflictError && error.code === "document_not_current") throw changedMeanwhile();
  throw error;
}

function orderDocumentOf(previous: RegulationVersion | undefined): string {
  const id = previous?.approval?.orderDocumentId;
  if (!id) throw new NotFoundError("Не найден приказ об утверждении действующей редакции");
  return id;
}

/**
 * The person the order charges with acquainting staff with the regulation (the Sferum
 * administrator by default, else the director), in the forms the order needs («Ответственному
 * лицу – …»), and their staff id: they are named in the order and acknowledge it.
 */
async function responsiblePerson(
  services: Services,
  staffId: string | undefined,
  actor: Actor,
): Promise<{ person: ReturnType<typeof documentPerson>; staffId?: string }> {
  const staff = new StaffRepository(services);
  if (staffId) {
    const member = await staff.get(staffId);
    if (!member?.active) {
      throw new ValidationError("Ответственный сотрудник не найден", {
        responsibleStaffId: ["Выберите сотрудника из списка"],
      });
    }
    return { person: documentPerson(member), staffId: member.staffId };
  }
  const all = (await staff.list()).filter((s) => s.active);
  const admin = all.find((s) => staff.rolesOf(s).includes("administrator"));
  const fallback = admin ?? all.find((s) => s.staffId === actor.id);
  if (fallback) return { person: documentPerson(fallback), staffId: fallback.staffId };
  const { directorName, directorPosition } = services.config.org;
  return { person: documentPerson({ fullName: directorName, position: directorPosition }) };
}
