import type { Actor } from "../audit/types.js";
import type { DocumentRecord } from "../documents/types.js";
import { ConflictError, DomainError } from "../errors.js";
import type { Services } from "../services.js";
import { KeyedMutex } from "../storage/mutex.js";
import { registerExtractKey } from "./keys.js";
import { listOrders } from "./register.js";
import { ORDER_KIND_LABELS, ORDER_STATUS_LABELS, type OrderKind } from "./types.js";

/** Register extracts are unnumbered («б/н»): they are reports of the register, not orders. */
export const REGISTER_NUMBER = "б/н";
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
  return issuing.run(`${config.tableName}#${config.orgId}#${filterKey}`, async () => {
    for (let attempt = 1; ; attempt++) {
      const pointer = await db.get<{ documentId: string }>(pointerKey, true);
      const previous = pointer ? await services.documents.records.get(pointer.documentId, true) : undefined;
      // A withdrawn extract stays withdrawn; only a current one becomes "superseded".
      const supersedes = previous?.status === "current" ? [previous.documentId] : [];
      const orders = await listOrders(services, filter);
      const prepared = await services.documents
        .prepare({
          type: "orders-register",
          data: {
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
          number: REGISTER_NUMBER,
          owner: { type: REGISTER_OWNER, id: filterKey },
          supersedes,
          actor,
        })
        // The previous extract was replaced by another process after we read the pointer.
        .catch((error: unknown) => {
          if (raced(error) && attempt < MAX_ATTEMPTS) return undefined;
          throw error;
        });
      if (!prepared) continue;
      try {
        await db.transact(
          [
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
