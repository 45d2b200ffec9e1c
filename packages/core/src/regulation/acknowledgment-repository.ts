import type { Services } from "../services.js";
import { z } from "../validation.js";
import { ackKey, ackPk, ackSheetKey } from "./keys.js";
import type { Acknowledgment, AcknowledgmentSheet } from "./types.js";

/** Storage of staff confirmations and of the acknowledgment sheet (acknowledgment.ts writes them). */
export class AcknowledgmentRepository {
  constructor(private readonly services: Services) {}

  private get orgId() {
    return this.services.config.orgId;
  }

  async get(versionId: string, staffId: string): Promise<Acknowledgment | undefined> {
    if (!z.uuid().safeParse(versionId).success) return undefined;
    const item = await this.services.db.get<Acknowledgment & { pk: string; sk: string }>(
      ackKey(this.orgId, versionId, staffId),
      true,
    );
    if (!item) return undefined;
    const { pk: _pk, sk: _sk, ...ack } = item;
    return ack;
  }

  async confirmations(versionId: string): Promise<Acknowledgment[]> {
    const items = await this.services.db.query<Acknowledgment & { pk: string; sk: string }>({
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": ackPk(this.orgId, versionId) },
      ConsistentRead: true,
    });
    return items
      .map(({ pk: _pk, sk: _sk, ...a }) => a)
      .sort((a, b) => a.fullName.localeCompare(b.fullName, "ru"));
  }

  async sheet(versionId: string): Promise<AcknowledgmentSheet | undefined> {
    const item = await this.services.db.get<AcknowledgmentSheet & { pk: string; sk: string }>(
      ackSheetKey(this.orgId, versionId),
      true,
    );
    if (!item) return undefined;
    const { pk: _pk, sk: _sk, ...sheet } = item;
    return sheet;
  }
}
