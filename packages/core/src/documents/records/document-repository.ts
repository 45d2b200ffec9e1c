import { ConflictError } from "../../errors.js";
import type { Database, Item, TxItem } from "../../storage/database.js";
import { GSI, orgPk } from "../../storage/table.js";
import type { DocumentRecord, DocumentType } from "../types.js";

/**
 * Document records in the single table:
 *   pk  ORG#{org}#DOC#{documentId}            sk  DOC
 *   gsi1 (byOwner)  ORG#{org}#DOCOWNER#{ownerType}#{ownerId}   DOC#{createdAt}#{documentId}
 *   gsi2 (byValue)  ORG#{org}#DOCSHA#{sha256}                  DOC
 *   gsi3 (byStatus) ORG#{org}#DOCTYPE#{type}                   {createdAt}#{documentId}
 */
export const DOCUMENT_SK = "DOC";

export const documentKeys = {
  pk: (orgId: string, documentId: string) => orgPk(orgId, "DOC", documentId),
  owner: (orgId: string, ownerType: string, ownerId: string) => orgPk(orgId, "DOCOWNER", ownerType, ownerId),
  sha: (orgId: string, sha256: string) => orgPk(orgId, "DOCSHA", sha256),
  type: (orgId: string, type: DocumentType) => orgPk(orgId, "DOCTYPE", type),
};

const KEY_ATTRIBUTES = ["pk", "sk", "gsi1pk", "gsi1sk", "gsi2pk", "gsi2sk", "gsi3pk", "gsi3sk"];

export function toItem(record: DocumentRecord): Item {
  const { orgId, documentId } = record;
  return {
    pk: documentKeys.pk(orgId, documentId),
    sk: DOCUMENT_SK,
    gsi1pk: documentKeys.owner(orgId, record.owner.type, record.owner.id),
    gsi1sk: `DOC#${record.createdAt}#${documentId}`,
    gsi2pk: documentKeys.sha(orgId, record.sha256),
    gsi2sk: DOCUMENT_SK,
    gsi3pk: documentKeys.type(orgId, record.type),
    gsi3sk: `${record.createdAt}#${documentId}`,
    ...record,
  };
}

export function fromItem(item: Record<string, unknown>): DocumentRecord {
  const record: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(item)) if (!KEY_ATTRIBUTES.includes(k)) record[k] = v;
  return record as unknown as DocumentRecord;
}

export class DocumentRepository {
  constructor(private readonly db: Database) {}

  private get orgId(): string {
    return this.db.orgId;
  }

  /** Put of a new record; fails if the id exists. */
  putTx(record: DocumentRecord): TxItem {
    return {
      put: toItem(record),
      condition: "attribute_not_exists(pk)",
      onConflict: () => new ConflictError("Документ с таким идентификатором уже существует"),
    };
  }

  /** Marks a current document as superseded by `byId` (fails if it is not current any more). */
  supersedeTx(documentId: string, byId: string, at: string): TxItem {
    return {
      update: { pk: documentKeys.pk(this.orgId, documentId), sk: DOCUMENT_SK },
      expression:
        "SET #status = :superseded, supersededBy = :by, statusChangedAt = :at, version = version + :one",
      condition: "attribute_exists(pk) AND #status = :current",
      names: { "#status": "status" },
      values: { ":superseded": "superseded", ":current": "current", ":by": byId, ":at": at, ":one": 1 },
      onConflict: () =>
        new ConflictError(`Документ ${documentId} уже заменён или отозван`, "document_not_current"),
    };
  }

  /** Withdraws a document seen at `version`. */
  withdrawTx(record: DocumentRecord, reason: string, at: string): TxItem {
    return {
      update: { pk: documentKeys.pk(this.orgId, record.documentId), sk: DOCUMENT_SK },
      expression:
        "SET #status = :withdrawn, withdrawnReason = :reason, statusChangedAt = :at, version = version + :one",
      condition: "version = :version AND #status <> :withdrawn",
      names: { "#status": "status" },
      values: {
        ":withdrawn": "withdrawn",
        ":reason": reason,
        ":at": at,
        ":one": 1,
        ":version": record.version,
      },
      onConflict: () => new ConflictError(),
    };
  }

  async get(documentId: string, consistent = false): Promise<DocumentRecord | undefined> {
    const item = await this.db.get(
      { pk: documentKeys.pk(this.orgId, documentId), sk: DOCUMENT_SK },
      consistent,
    );
    return item ? fromItem(item) : undefined;
  }

  /** Newest first. */
  async listByOwner(ownerType: string, ownerId: string): Promise<DocumentRecord[]> {
    const items = await this.db.queryPartition(documentKeys.owner(this.orgId, ownerType, ownerId), "DOC#", {
      index: GSI.byOwner,
      forward: false,
    });
    return items.map(fromItem);
  }

  /** Newest first. */
  async listByType(type: DocumentType, limit?: number): Promise<DocumentRecord[]> {
    const items = await this.db.queryPartition(documentKeys.type(this.orgId, type), undefined, {
      index: GSI.byStatus,
      forward: false,
      limit,
    });
    return items.map(fromItem);
  }

  async findBySha256(sha256: string): Promise<DocumentRecord | undefined> {
    const [item] = await this.db.queryPartition(documentKeys.sha(this.orgId, sha256), undefined, {
      index: GSI.byValue,
      limit: 1,
    });
    return item ? fromItem(item) : undefined;
  }
}
