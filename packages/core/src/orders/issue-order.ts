import type { Actor, AuditEventInput } from "../audit/types.js";
import { localDate } from "../clock.js";
import type { DocumentType } from "../documents/types.js";
import { ConflictError } from "../errors.js";
import { newId } from "../ids.js";
import type { Services } from "../services.js";
import type { TxItem } from "../storage/database.js";
import { KeyedMutex } from "../storage/mutex.js";
import { isoDate, parseInput } from "../validation.js";
import { orderCounterKey, orderIdKey, orderKey, orderKindGsiPk, orderKindGsiSk } from "./keys.js";
import { nextOrderSeq, numberingYear } from "./rules.js";
import { orderSigning } from "./signer.js";
import type { OrderEntry, OrderKind } from "./types.js";

export type { OrderKind } from "./types.js";

/** Registration data of the order being issued, given to the caller's callbacks. */
export interface OrderRegistration {
  orderId: string;
  /** Formatted number, e.g. «12-од». */
  number: string;
  /** ISO yyyy-mm-dd. */
  date: string;
}

export interface IssueOrderInput {
  kind: OrderKind;
  /** The document type the order is printed as, e.g. "order-approve-regulation". */
  documentType: DocumentType;
  /** Title in the register (Russian, without personal data). */
  title: string;
  /** ISO date of the order; default: today in config.timeZone. Its year selects the numbering sequence. */
  date?: string;
  /** The director issuing the order. */
  actor: Actor;
  /** The entity the order is about (also the owner of the PDF document record). */
  owner: { type: string; id: string };
  /**
   * Template data for the PDF; called again with the next number when a concurrent order took this
   * one. The signer and the executor (отметка об исполнителе) are added here, from the actor.
   */
  buildData: (reg: OrderRegistration) => Record<string, unknown>;
  /** Staff ids of the people the order names: they acknowledge it («С приказом ознакомлен(ы)»). */
  named?: string[];
  /**
   * The caller's state changes, written in the same transaction as the order (called per attempt).
   * May be async, e.g. to prepare a document that prints the order's number (the regulation).
   */
  extraItems?: (reg: OrderRegistration & { documentId: string }) => TxItem[] | Promise<TxItem[]>;
  /** The caller's audit events, in the same transaction (called after extraItems). */
  extraEvents?: (
    reg: OrderRegistration & { documentId: string },
  ) => AuditEventInput[] | Promise<AuditEventInput[]>;
  /** Document ids this order's PDF supersedes (their records become "superseded"). */
  supersedes?: string[];
}

export interface IssuedOrder {
  orderId: string;
  number: string;
  seq: number;
  date: string;
  documentId: string;
}

/** An order as it will be printed, before signing (see previewOrder). */
export interface OrderPreview {
  bytes: Uint8Array;
  /** The date the order will bear. */
  date: string;
  title: string;
}

/**
 * The order `issueOrder(services, input)` would sign, as a draft: the same data, signer and
 * executor, marked «ПРОЕКТ», «№ ___» (a number is given only at registration), no QR code, no
 * signature. Nothing is written and no number is consumed.
 */
export async function previewOrder(
  services: Services,
  input: Omit<IssueOrderInput, "extraItems" | "extraEvents" | "supersedes">,
): Promise<OrderPreview> {
  const { config } = services;
  const date = input.date
    ? parseInput(isoDate, input.date, "Неверная дата приказа")
    : localDate(services.now(), config.timeZone);
  const signing = await orderSigning(services, input.actor);
  const draft = await services.documents.preview({
    type: input.documentType,
    data: {
      ...input.buildData({ orderId: "", number: DRAFT_ORDER_NUMBER, date }),
      signer: signing.signer,
      ...(signing.executor ? { executor: signing.executor } : {}),
    },
    date,
    owner: input.owner,
    title: input.title,
    actor: input.actor,
    ...(signing.signatory ? { signatory: signing.signatory } : {}),
  });
  return { bytes: draft.bytes, date, title: input.title };
}

/** What buildData gets as the number of an order not registered yet (not printed: «№ ___»). */
const DRAFT_ORDER_NUMBER = "проект";

/** The counter moved between our read and our transaction: another order took the number. */
class NumberTaken extends Error {}

const MAX_ATTEMPTS = 25;
/** Serialises numbering per table, organisation and year inside one process: no wasted renders. */
const numbering = new KeyedMutex();

/** «{n}-од» → «12-од»; `{year}` and `{yy}` are also recognised. */
export function formatOrderNumber(format: string, seq: number, year: number): string {
  if (!format.includes("{n}")) throw new Error("ORDER_NUMBER_FORMAT must contain {n}");
  return format
    .replaceAll("{n}", String(seq))
    .replaceAll("{year}", String(year))
    .replaceAll("{yy}", String(year).slice(2));
}

/**
 * Issues a director's order: the next registration number of the order's calendar year, the signed
 * PDF, the register entry and the caller's state changes, all committed at once.
 *
 * Numbering is per organisation and year, unique and gap-free under concurrency. The year's counter
 * item is updated in the SAME DynamoDB transaction as the register entry, the document record
 * (`prepared.txItems`) and the caller's `extraItems`, with a condition on the counter value read
 * before; a number is therefore consumed only by a committed order. The PDF shows the number, so it
 * is rendered, signed and uploaded to S3 before the transaction (content-addressed: a lost race
 * leaves at most an orphan object). Losing the race (another process committed that number) re-reads
 * the counter, re-renders with the next number and retries. Inside one process the whole sequence is
 * serialised per year with a KeyedMutex, so races only happen across processes.
 *
 * Failures of the caller's own conditions propagate as their `onConflict` error (nothing is written).
 */
export async function issueOrder(services: Services, input: IssueOrderInput): Promise<IssuedOrder> {
  const { config, db } = services;
  const date = input.date
    ? parseInput(isoDate, input.date, "Неверная дата приказа")
    : localDate(services.now(), config.timeZone);
  const year = numberingYear(date);
  const orderId = newId();
  const counterKey = orderCounterKey(config.orgId, year);
  const signing = await orderSigning(services, input.actor);
  const named = [...new Set(input.named ?? [])];

  return numbering.run(`${config.tableName}|${config.orgId}|${year}`, async () => {
    for (let attempt = 1; ; attempt++) {
      const counter = await db.get<{ seq: number }>(counterKey, true);
      const previous = counter?.seq ?? 0;
      const seq = nextOrderSeq(previous);
      const number = formatOrderNumber(config.orderNumberFormat, seq, year);
      const reg: OrderRegistration = { orderId, number, date };

      const prepared = await services.documents.prepare({
        type: input.documentType,
        data: {
          ...input.buildData(reg),
          signer: signing.signer,
          ...(signing.executor ? { executor: signing.executor } : {}),
        },
        number,
        date,
        owner: input.owner,
        title: input.title,
        supersedes: input.supersedes,
        actor: input.actor,
        ...(signing.signatory ? { signatory: signing.signatory } : {}),
      });
      const withDoc = { ...reg, documentId: prepared.documentId };
      const now = services.now().toISOString();
      const entry: OrderEntry = {
        entity: "order",
        orderId,
        kind: input.kind,
        number,
        seq,
        year,
        date,
        title: input.title,
        status: "current",
        // The register names the signer as the PDF's signature requisite does.
        signedBy: { name: signing.signer.name, position: signing.signer.position },
        documentId: prepared.documentId,
        owner: input.owner,
        named,
        createdAt: now,
        createdBy: input.actor,
        version: 1,
      };

      // The counter goes first: when it and a caller's item both fail, the race wins and we retry.
      const counterItem: TxItem = counter
        ? {
            update: counterKey,
            expression: "SET seq = :next, updatedAt = :now",
            condition: "seq = :prev",
            values: { ":next": seq, ":prev": previous, ":now": now },
            onConflict: () => new NumberTaken(),
          }
        : {
            put: { ...counterKey, entity: "order-counter", year, seq, updatedAt: now },
            condition: "attribute_not_exists(pk)",
            onConflict: () => new NumberTaken(),
          };
      const items: TxItem[] = [
        counterItem,
        {
          put: {
            ...orderKey(config.orgId, year, seq),
            gsi1pk: orderKindGsiPk(config.orgId, input.kind),
            gsi1sk: orderKindGsiSk(year, seq),
            ...entry,
          },
          condition: "attribute_not_exists(pk)",
          onConflict: () => new NumberTaken(),
        },
        { put: { ...orderIdKey(config.orgId, orderId), year, seq }, condition: "attribute_not_exists(pk)" },
        ...prepared.txItems,
        ...((await input.extraItems?.(withDoc)) ?? []),
      ];
      const events: AuditEventInput[] = [
        {
          actor: input.actor,
          action: "order.issued",
          entityType: "order",
          entityId: orderId,
          after: "current",
          details: { kind: input.kind, number, year, seq, documentId: prepared.documentId },
        },
        prepared.auditEvent,
        ...((await input.extraEvents?.(withDoc)) ?? []),
      ];
      try {
        await db.transact(items, events);
        return { orderId, number, seq, date, documentId: prepared.documentId };
      } catch (error) {
        if (!(error instanceof NumberTaken)) throw error;
        if (attempt >= MAX_ATTEMPTS)
          throw new ConflictError("Не удалось присвоить номер приказу, повторите попытку", "busy");
      }
    }
  });
}
