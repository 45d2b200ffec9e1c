import { ConflictError } from "../errors.js";
import { newId } from "../ids.js";
import { groupPk } from "../roster/keys.js";
import type { Services } from "../services.js";
import type { TxItem } from "../storage/database.js";
import { GSI } from "../storage/table.js";
import { REQUEST_PREFIX, requestIdPk, requestIndexes, requestKey } from "./keys.js";
import { issueLink, linkExpiry } from "./link-tokens.js";
import type { ConsentRequest } from "./types.js";

export type RequestItem = ConsentRequest & {
  pk: string;
  sk: string;
  entity: "consent-request";
  gsi1pk: string;
  gsi1sk: string;
  gsi2pk: string;
  gsi2sk: string;
};

export const requestView = (item: RequestItem): ConsentRequest => {
  const { pk: _pk, sk: _sk, entity: _e, gsi1pk: _a, gsi1sk: _b, gsi2pk: _c, gsi2sk: _d, ...request } = item;
  return { ...request, history: request.history ?? [] };
};

/**
 * Storage of consent requests: one per student, created with the student at roster import, each
 * with a personal link (links.ts issues, resolves, re-issues and revokes them).
 */
export class ConsentRequestRepository {
  constructor(private readonly services: Services) {}

  private get orgId() {
    return this.services.config.orgId;
  }

  /** The request and link of a new student, as items for the caller's transaction. */
  newRequestItems(
    groupId: string,
    studentId: string,
    nameKey: string,
  ): { request: ConsentRequest; items: TxItem[] } {
    const { config } = this.services;
    const now = this.services.now();
    const link = issueLink(config.sessionSecret);
    const request: ConsentRequest = {
      requestId: newId(),
      groupId,
      studentId,
      nameKey,
      tokenHash: link.tokenHash,
      linkSeed: link.seed,
      linkGeneration: 1,
      linkIssuedAt: now.toISOString(),
      expiresOn: linkExpiry(now, config.timeZone, config.linkTtlDays),
      history: [],
      version: 1,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
    };
    return {
      request,
      items: [{ put: this.requestItem(request), condition: "attribute_not_exists(pk)" }],
    };
  }

  requestItem(request: ConsentRequest): RequestItem {
    return {
      ...requestKey(this.orgId, request.groupId, request.studentId),
      entity: "consent-request",
      ...requestIndexes(this.orgId, request),
      ...request,
    };
  }

  /** The conditional put of a changed request: fails if anyone changed it since `previous.version`. */
  updateItem(next: ConsentRequest, previousVersion: number, onConflict?: () => Error): TxItem {
    return {
      put: this.requestItem(next),
      condition: "version = :v",
      values: { ":v": previousVersion },
      onConflict: onConflict ?? (() => new ConflictError()),
    };
  }

  async get(groupId: string, studentId: string, consistent = false): Promise<ConsentRequest | undefined> {
    const item = await this.services.db.get<RequestItem>(
      requestKey(this.orgId, groupId, studentId),
      consistent,
    );
    return item ? requestView(item) : undefined;
  }

  /** The requests of several students (group and student id each), in one batched read per 100. */
  async getMany(
    students: ReadonlyArray<{ groupId: string; studentId: string }>,
    consistent = false,
  ): Promise<Map<string, ConsentRequest>> {
    const items = await this.services.db.batchGet<RequestItem>(
      students.map((s) => requestKey(this.orgId, s.groupId, s.studentId)),
      consistent,
    );
    return new Map(items.map((item) => [item.studentId, requestView(item)]));
  }

  /** By request id (document owners carry only it): through the byValue index. */
  async findById(requestId: string): Promise<ConsentRequest | undefined> {
    const [item] = await this.services.db.queryPartition<RequestItem>(
      requestIdPk(this.orgId, requestId),
      undefined,
      {
        index: GSI.byOwner,
        limit: 1,
      },
    );
    return item ? requestView(item) : undefined;
  }

  /** The requests of one group; `consistent` for read-modify-write batches. */
  async listByGroup(groupId: string, consistent = false): Promise<ConsentRequest[]> {
    const items = await this.services.db.query<RequestItem>({
      KeyConditionExpression: "pk = :pk AND begins_with(sk, :sk)",
      ExpressionAttributeValues: { ":pk": groupPk(this.orgId, groupId), ":sk": REQUEST_PREFIX },
      ConsistentRead: consistent,
    });
    return items.map(requestView);
  }
}
