import type { Actor } from "../audit/types.js";
import { localDate } from "../clock.js";
import { ConflictError, StateError } from "../errors.js";
import { newId } from "../ids.js";
import type { Services } from "../services.js";
import { acknowledgmentRow, pendingRow } from "../staff/acknowledgment-rows.js";
import { staffGender } from "../staff/grammar.js";
import { type StaffMember, StaffRepository } from "../staff/staff-repository.js";
import { AcknowledgmentRepository } from "./acknowledgment-repository.js";
import { ackKey, ackSheetKey, currentKey, REGULATION_OWNER } from "./keys.js";
import { changedMeanwhile } from "./lifecycle.js";
import { RegulationRepository } from "./regulation-repository.js";
import { mustAcknowledge } from "./rules.js";
import type { Acknowledgment, AcknowledgmentSheet, CurrentRegulation } from "./types.js";

/*
 * Staff acknowledgment of the in-force version (лист ознакомления). Each confirmation is its own
 * item (so confirmations never overwrite each other); the signed sheet is then regenerated from all
 * of them as a new document version that supersedes the previous sheet.
 */

const MAX_SHEET_ATTEMPTS = 30;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface AcknowledgmentStatus {
  current: CurrentRegulation;
  confirmed: Acknowledgment[];
  /** Active staff who have not confirmed yet. */
  pending: Array<Pick<StaffMember, "staffId" | "fullName" | "position">>;
  sheet?: AcknowledgmentSheet;
}

class AlreadyAcknowledged extends Error {}
class SheetRaced extends Error {}

/**
 * Another confirmation wrote a newer sheet first: either our conditional pointer write failed, or
 * the documents engine found the sheet we meant to supersede already superseded.
 */
const raced = (error: unknown) =>
  error instanceof SheetRaced || (error instanceof ConflictError && error.code === "document_not_current");

/** Several people confirmed at once: back off a little so one of them renders for all. */
async function backOff(attempt: number): Promise<void> {
  if (attempt >= MAX_SHEET_ATTEMPTS) {
    throw new ConflictError("Лист ознакомления обновляется другими сотрудниками, повторите попытку", "busy");
  }
  await sleep(Math.random() * 20 * Math.min(attempt, 5));
}

async function requireCurrent(services: Services, versionId: string): Promise<CurrentRegulation> {
  const current = await new RegulationRepository(services).current();
  if (!current || current.versionId !== versionId) {
    throw new StateError("Ознакомиться можно только с действующей редакцией Положения", "not_in_force");
  }
  return current;
}

/** The in-force version this staff member still has to confirm, if any (the staff home prompt). */
export async function pendingAcknowledgment(
  services: Services,
  staffId: string,
): Promise<CurrentRegulation | undefined> {
  const current = await new RegulationRepository(services).current();
  if (!current) return undefined;
  return (await new AcknowledgmentRepository(services).get(current.versionId, staffId)) ? undefined : current;
}

/**
 * Records «Ознакомлен(а)» (idempotent: a repeated confirmation keeps the first date) and brings
 * the signed sheet up to date.
 */
export async function acknowledgeRegulation(
  services: Services,
  versionId: string,
  staff: StaffMember,
  actor: Actor,
): Promise<{ acknowledgment: Acknowledgment; alreadyConfirmed: boolean; sheetDocumentId: string }> {
  await requireCurrent(services, versionId);
  const now = services.now();
  const gender = staffGender(staff);
  const ackId = newId();
  const ack: Acknowledgment = {
    versionId,
    staffId: staff.staffId,
    ackId,
    fullName: staff.fullName,
    position: staff.position,
    ...(gender ? { gender } : {}),
    date: localDate(now, services.config.timeZone),
    at: now.toISOString(),
  };
  let alreadyConfirmed = false;
  try {
    await services.db.transact(
      [
        {
          check: currentKey(services.config.orgId),
          condition: "versionId = :v",
          values: { ":v": versionId },
          onConflict: () => new StateError("Эта редакция Положения больше не действует", "not_in_force"),
        },
        {
          put: { ...ackKey(services.config.orgId, versionId, staff.staffId), ...ack },
          condition: "attribute_not_exists(pk)",
          onConflict: () => new AlreadyAcknowledged(),
        },
      ],
      [
        {
          actor,
          action: "regulation.acknowledged",
          entityType: "regulation_version",
          entityId: versionId,
          details: { staffId: staff.staffId, ackId },
        },
      ],
    );
  } catch (error) {
    if (!(error instanceof AlreadyAcknowledged)) throw error;
    alreadyConfirmed = true;
  }
  const sheet = await refreshAcknowledgmentSheet(services, versionId, actor, staff.staffId);
  const stored = alreadyConfirmed
    ? ((await new AcknowledgmentRepository(services).get(versionId, staff.staffId)) ?? ack)
    : ack;
  return { acknowledgment: stored, alreadyConfirmed, sheetDocumentId: sheet.documentId };
}

/** Who confirmed and who has not, for the administrator. */
export async function acknowledgmentStatus(
  services: Services,
  versionId?: string,
): Promise<AcknowledgmentStatus | undefined> {
  const acks = new AcknowledgmentRepository(services);
  const current = await new RegulationRepository(services).current();
  if (!current || (versionId && current.versionId !== versionId)) return undefined;
  const [confirmed, staff, sheet] = await Promise.all([
    acks.confirmations(current.versionId),
    new StaffRepository(services).list(),
    acks.sheet(current.versionId),
  ]);
  const done = new Set(confirmed.map((a) => a.staffId));
  const pending = staff
    .filter((s) => mustAcknowledge(s) && !done.has(s.staffId))
    .map(({ staffId, fullName, position }) => ({ staffId, fullName, position }));
  return { current, confirmed, pending, ...(sheet ? { sheet } : {}) };
}

/**
 * Regenerates the signed sheet from every confirmation. The sheet pointer is written only if it is
 * unchanged since it was read, and it is read BEFORE the confirmations: so the last sheet written
 * always lists every confirmation committed before it, and concurrent confirmations all end up on
 * the final sheet. A request whose confirmation a newer sheet already lists stops early.
 */
export async function refreshAcknowledgmentSheet(
  services: Services,
  versionId: string,
  actor: Actor,
  mustInclude?: string,
): Promise<AcknowledgmentSheet> {
  const current = await requireCurrent(services, versionId);
  const acks = new AcknowledgmentRepository(services);
  const staffRepo = new StaffRepository(services);
  for (let attempt = 1; ; attempt++) {
    const previous = await acks.sheet(versionId);
    if (mustInclude && previous?.includes.includes(mustInclude)) return previous;
    const [confirmed, staff] = await Promise.all([acks.confirmations(versionId), staffRepo.list()]);
    const done = new Set(confirmed.map((a) => a.staffId));
    const entries = [
      ...confirmed.map((a) => acknowledgmentRow(a, services.config.timeZone)),
      ...staff.filter((s) => mustAcknowledge(s) && !done.has(s.staffId)).map(pendingRow),
    ].sort((a, b) => a.name.localeCompare(b.name, "ru"));
    const prepared = await services.documents
      .prepare({
        type: "acknowledgment",
        data: { regulation: { date: current.orderDate, orderNumber: current.orderNumber }, entries },
        // «ЛО-2.5»: the 5th issue of the sheet for version 2.
        number: `ЛО-${current.no}.${(previous?.rev ?? 0) + 1}`,
        date: localDate(services.now(), services.config.timeZone),
        owner: { type: REGULATION_OWNER, id: versionId },
        supersedes: previous ? [previous.documentId] : undefined,
        actor,
      })
      .catch((error) => (raced(error) ? undefined : Promise.reject(error)));
    if (!prepared) {
      await backOff(attempt);
      continue;
    }
    const sheet: AcknowledgmentSheet = {
      versionId,
      documentId: prepared.documentId,
      includes: [...done],
      rev: (previous?.rev ?? 0) + 1,
      updatedAt: services.now().toISOString(),
    };
    try {
      await services.db.transact(
        [
          previous
            ? {
                put: { ...ackSheetKey(services.config.orgId, versionId), ...sheet },
                condition: "rev = :rev",
                values: { ":rev": previous.rev },
                onConflict: () => new SheetRaced(),
              }
            : {
                put: { ...ackSheetKey(services.config.orgId, versionId), ...sheet },
                condition: "attribute_not_exists(pk)",
                onConflict: () => new SheetRaced(),
              },
          {
            check: currentKey(services.config.orgId),
            condition: "versionId = :v",
            values: { ":v": versionId },
            onConflict: changedMeanwhile,
          },
          ...prepared.txItems,
        ],
        [
          prepared.auditEvent,
          {
            actor,
            action: "regulation.acknowledgment_sheet_updated",
            entityType: "regulation_version",
            entityId: versionId,
            after: `rev${sheet.rev}`,
            details: { documentId: prepared.documentId, confirmed: done.size },
          },
        ],
      );
      return sheet;
    } catch (error) {
      if (!raced(error)) throw error;
      if (attempt >= MAX_SHEET_ATTEMPTS) {
        throw new ConflictError(
          "Лист ознакомления обновляется другими сотрудниками, повторите попытку",
          "busy",
        );
      }
      // Several people confirmed at once: back off a little so one of them renders for all.
      await sleep(Math.random() * 20 * Math.min(attempt, 5));
    }
  }
}
