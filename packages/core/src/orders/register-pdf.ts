import type { Actor } from "../audit/types.js";
import { localDate } from "../clock.js";
import type { DocumentRecord } from "../documents/types.js";
import { ConflictError, DomainError } from "../errors.js";
import type { Services } from "../services.js";
import { StaffRepository } from "../staff/staff-repository.js";
import type { TxItem } from "../storage/database.js";
import { KeyedMutex } from "../storage/mutex.js";
import { registerExtractCounterKey, registerExtractKey } from "./keys.js";
import { listOrders } from "./register.js";
import { nextOrderSeq, numberingYear } from "./rules.js";
import { ORDER_KIND_LABELS, ORDER_STATUS_LABELS, type OrderKind } from "./types.js";

/**
 * Register extracts are documents the service registers (recorded, verifiable, superseding), so
 * each gets a registration number of its own yearly series, «ВЖ-1», «ВЖ-2»…, apart from the orders'
 * numbers (ГОСТ Р 7.0.97: a registered document carries its number; «б/н» says it has none).
 */
export const registerNumber = (seq: number) => `ВЖ-${seq}`;
/** Owner type of the extracts' document records; the owner id is the filter key. */
export const REGISTER_OWNER = "orders_register";

export interface RegisterFilter {
  year?: number;
  kind?: OrderKind;
}

/** «2026», «2026:appoint-administrator», «all», «all:assign-class-teachers». */
export function registerFilterKey(filter: RegisterFilter): string {
  return `${filter.year ?? "all"}${filter.kind ? `:${filter.kind}` : ""}`;
}

export interface RegisterExtract {
  record: DocumentRecord;
  /** The signed PDF exactly as stored. */
  bytes: Uint8Array;
  /** Orders listed. */
  total: number;
  /** The extract of the same filter this one replaced, if any. */
  supersedes?: string;
}

/** Another process issued an extract of the same filter between our read and our write. */
class ExtractRaced extends DomainError {
  constructor() {
    super("conflict", "Выписка по этому отбору только что сформирована другим запросом");
  }
}

const raced = (error: unknown) =>
  error instanceof ExtractRaced || (error instanceof ConflictError && error.code === "document_not_current");

const MAX_ATTEMPTS = 4;
/** One extract per filter at a time inside a process: no render wasted on a lost race. */
const issuing = new KeyedMutex();

/**
 * Issues a signed extract of the orders register (for a year and/or a kind) through the documents
 * engine: rendered from `templates/orders-register.md`, stored and recorded like every document, so
 * the verification page recognises it. The extract of a filter replaces the previous one of the
 * same filter (status "superseded"), so /verify tells whether an extract is the latest; the register
 * itself (DynamoDB) stays the record, the extract is its signed state at a moment.
 */
export async function registerPdf(
  services: Services,
  filter: RegisterFilter,
  actor: Actor,
): Promise<RegisterExtract> {
  const { config, db } = services;
  const filterKey = registerFilterKey(filter);
  const pointerKey = registerExtractKey(config.orgId, filterKey);
  const signer = await extractSigner(services, actor);
  // One series per year across filters: serialised per year, not per filter.
  const year = numberingYear(localDate(services.now(), config.timeZone));
  const counterKey = registerExtractCounterKey(config.orgId, year);
  return issuing.run(`${config.tableName}#${config.orgId}#${year}`, async () => {
    for (let attempt = 1; ; attempt++) {
      const counter = await db.get<{ seq: number }>(counterKey, true);
      const seq = nextOrderSeq(counter?.seq);
      const pointer = await db.get<{ documentId: string }>(pointerKey, true);
      const previous = pointer ? await services.documents.records.get(pointer.documentId, true) : undefined;
      // A withdrawn extract stays withdrawn; only a current one becomes "superseded".
      const supersedes = previous?.status === "current" ? [previous.documentId] : [];
      const orders = await listOrders(services, filter);
      const prepared = await services.documents
        .prepare({
          type: "orders-register",
          data: {
            signer: { name: signer.fullName, position: signer.position },
            ...(filter.year ? { year: filter.year } : {}),
            ...(filter.kind ? { kind: ORDER_KIND_LABELS[filter.kind] } : {}),
            generatedAt: services.now().toISOString(),
            rows: orders.map((o) => ({
              number: o.number,
              date: o.date,
              title: o.title,
              status: ORDER_STATUS_LABELS[o.status],
              signedBy: `${o.signedBy.position} ${o.signedBy.name}`,
            })),
          },
          number: registerNumber(seq),
          owner: { type: REGISTER_OWNER, id: filterKey },
          supersedes,
          actor,
          ...(signer.signatory ? { signatory: signer.signatory } : {}),
        })
        // The previous extract was replaced by another process after we read the pointer.
        .catch((error: unknown) => {
          if (raced(error) && attempt < MAX_ATTEMPTS) return undefined;
          throw error;
        });
      if (!prepared) continue;
      const now = services.now().toISOString();
      const counterItem: TxItem = counter
        ? {
            update: counterKey,
            expression: "SET seq = :next, updatedAt = :now",
            condition: "seq = :prev",
            values: { ":next": seq, ":prev": counter.seq, ":now": now },
            onConflict: () => new ExtractRaced(),
          }
        : {
            put: { ...counterKey, entity: "orders-register-extract-counter", year, seq, updatedAt: now },
            condition: "attribute_not_exists(pk)",
            onConflict: () => new ExtractRaced(),
          };
      try {
        await db.transact(
          [
            counterItem,
            {
              put: { ...pointerKey, entity: "orders-register-extract", documentId: prepared.documentId },
              condition: pointer ? "documentId = :previous" : "attribute_not_exists(pk)",
              values: pointer ? { ":previous": pointer.documentId } : undefined,
              onConflict: () => new ExtractRaced(),
            },
            ...prepared.txItems,
          ],
          [prepared.auditEvent],
        );
      } catch (error) {
        // The PDF already in S3 stays an orphan object (no record): `cli documents check` lists those.
        if (raced(error) && attempt < MAX_ATTEMPTS) continue;
        throw error;
      }
      return {
        record: prepared.record,
        bytes: prepared.bytes,
        total: orders.length,
        ...(supersedes[0] ? { supersedes: supersedes[0] } : {}),
      };
    }
  });
}

/**
 * The person who requested the extract signs it: the director (the head's position, ORG_DIRECTOR_POSITION)
 * or the administrator (their own position). Without a staff actor, the configured director, and
 * no personal signature is claimed.
 */
async function extractSigner(services: Services, actor: Actor) {
  const { org } = services.config;
  const member = actor.type === "staff" ? await new StaffRepository(services).get(actor.id) : undefined;
  if (!member) return { fullName: org.directorName, position: org.directorPosition };
  const position = actor.role === "director" ? org.directorPosition : member.position;
  return {
    fullName: member.fullName,
    position,
    signatory: {
      fullName: member.fullName,
      position,
      method: "staff-session" as const,
      signedAt: services.now().toISOString(),
    },
  };
}
