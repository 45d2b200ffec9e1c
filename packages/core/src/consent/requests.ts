import type { Actor } from "../audit/types.js";
import { localDate } from "../clock.js";
import { ConflictError, GoneError, NotFoundError, TooManyRequestsError } from "../errors.js";
import { newId, tokenHash } from "../ids.js";
import { type Group, GroupRepository } from "../roster/group-repository.js";
import { groupPk } from "../roster/keys.js";
import { type Student, StudentRepository } from "../roster/student-repository.js";
import type { Services } from "../services.js";
import type { TxItem } from "../storage/database.js";
import { RateLimiter } from "../storage/rate-limit.js";
import { GSI, TTL_ATTRIBUTE } from "../storage/table.js";
import {
  RATE_SCOPE_TOKEN_MISS,
  REQUEST_PREFIX,
  replacedTokenKey,
  requestIdPk,
  requestIndexes,
  requestKey,
  tokenPk,
} from "./keys.js";
import { issueLink, linkExpiry, linkUrl, TOKEN_PATTERN, tokenOf } from "./links.js";
import { StatsDelta } from "./stats.js";
import type { ConsentRequest } from "./types.js";
import { linkActive } from "./types.js";

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

/** A replaced link still answers «заменена» for half a year, then it is simply unknown. */
const REPLACED_TOKEN_TTL_SECONDS = 183 * 24 * 3600;

/** What a valid link opens. */
export interface LinkContext {
  request: ConsentRequest;
  student: Student;
  group: Group;
}

/** Unknown tokens one client may try per window before every lookup is refused (brute force). */
export const TOKEN_MISS_LIMIT = 30;
export const TOKEN_MISS_WINDOW_SECONDS = 10 * 60;

/** A batch of writes in one transaction stays under the 100-item limit with room for the rest. */
const MAX_TX_ITEMS = 90;

/** Messages of dead links: they say whom to contact and nothing about any student. */
export const LINK_MESSAGES = {
  unknown:
    "Ссылка не найдена. Проверьте, что она скопирована полностью. Если ошибка повторяется, обратитесь к классному руководителю.",
  expired:
    "Срок действия ссылки истёк. Попросите классного руководителя или администратора ИКОП «Сферум» колледжа выдать новую ссылку.",
  revoked:
    "Ссылка аннулирована колледжем. Если вы ещё не ответили, попросите классного руководителя выдать новую ссылку.",
  replaced:
    "Эта ссылка заменена новой. Воспользуйтесь последней полученной ссылкой или обратитесь к классному руководителю.",
} as const;

/**
 * Consent requests: one per student, created with the student at roster import, each with a
 * personal link. This class issues, re-issues and revokes links and resolves a link to its request.
 */
export class ConsentRequests {
  constructor(private readonly services: Services) {}

  private get orgId() {
    return this.services.config.orgId;
  }

  today(): string {
    return localDate(this.services.now(), this.services.config.timeZone);
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

  /** The personal link URL of a request, or undefined when it cannot be re-derived (see links.ts). */
  linkFor(request: Pick<ConsentRequest, "linkSeed" | "tokenHash">): string | undefined {
    const token = tokenOf(this.services.config.sessionSecret, request);
    return token ? linkUrl(this.services.config.publicBaseUrl, token) : undefined;
  }

  /** The token of a request's current link (undefined when it cannot be re-derived, see links.ts). */
  tokenFor(request: Pick<ConsentRequest, "linkSeed" | "tokenHash">): string | undefined {
    return tokenOf(this.services.config.sessionSecret, request);
  }

  /**
   * Resolves a personal link: NotFoundError for unknown tokens, GoneError (410) for replaced,
   * revoked and expired links. Messages reveal nothing about the student.
   */
  async resolve(token: string): Promise<LinkContext> {
    if (!TOKEN_PATTERN.test(token)) throw new NotFoundError(LINK_MESSAGES.unknown);
    const hash = tokenHash(token);
    const [indexed] = await this.services.db.queryPartition<RequestItem>(
      tokenPk(this.orgId, hash),
      undefined,
      {
        index: GSI.byValue,
        limit: 1,
      },
    );
    if (!indexed) {
      const replaced = await this.services.db.get(replacedTokenKey(this.orgId, hash), true);
      if (replaced) throw new GoneError(LINK_MESSAGES.replaced, "link_replaced");
      throw new NotFoundError(LINK_MESSAGES.unknown);
    }
    // The index is eventually consistent: the request itself is read strongly and must still hold this token.
    const [request, student, group] = await Promise.all([
      this.get(indexed.groupId, indexed.studentId, true),
      new StudentRepository(this.services).get(indexed.groupId, indexed.nameKey, true),
      new GroupRepository(this.services).get(indexed.groupId),
    ]);
    if (!request || !student || !group) throw new NotFoundError(LINK_MESSAGES.unknown);
    if (request.tokenHash !== hash) throw new GoneError(LINK_MESSAGES.replaced, "link_replaced");
    if (request.linkRevokedAt) throw new GoneError(LINK_MESSAGES.revoked, "link_revoked");
    if (!linkActive(request, this.today())) throw new GoneError(LINK_MESSAGES.expired, "link_expired");
    return { request, student, group };
  }

  /**
   * `resolve` for a client (IP address): a client that tried too many unknown links within the
   * window is refused every lookup until the window ends, so links cannot be guessed.
   */
  async resolveFor(token: string, client: string): Promise<LinkContext> {
    const limiter = new RateLimiter(this.services.db, this.services.now);
    const misses = await limiter.peek(RATE_SCOPE_TOKEN_MISS, client, TOKEN_MISS_WINDOW_SECONDS);
    if (misses >= TOKEN_MISS_LIMIT) {
      const nowSec = Math.floor(this.services.now().getTime() / 1000);
      throw new TooManyRequestsError(
        "Слишком много попыток открыть несуществующие ссылки. Подождите 10 минут и откройте ссылку ещё раз, проверив, что она скопирована полностью.",
        TOKEN_MISS_WINDOW_SECONDS - (nowSec % TOKEN_MISS_WINDOW_SECONDS),
      );
    }
    try {
      return await this.resolve(token);
    } catch (error) {
      if (error instanceof NotFoundError) {
        // Counting may itself refuse (the limit was crossed by this miss): that answer is 429 too.
        await limiter
          .hit(RATE_SCOPE_TOKEN_MISS, client, TOKEN_MISS_LIMIT, TOKEN_MISS_WINDOW_SECONDS)
          .catch((e) => {
            if (!(e instanceof TooManyRequestsError)) throw e;
          });
      }
      throw error;
    }
  }

  /**
   * Issues new links; the old ones stop working at once. Without `studentIds`, re-issues every link
   * of the group that no longer works (expired or revoked) and has no decision yet.
   */
  async reissue(
    groupId: string,
    actor: Actor,
    studentIds?: string[],
  ): Promise<Array<{ studentId: string; url?: string; expiresOn: string }>> {
    const issued: Array<{ studentId: string; url?: string; expiresOn: string }> = [];
    const wanted = studentIds ? new Set(studentIds) : undefined;
    if (wanted) {
      const existing = new Set((await this.listByGroup(groupId)).map((r) => r.studentId));
      const missing = [...wanted].filter((id) => !existing.has(id));
      if (missing.length > 0) throw new NotFoundError("Обучающийся не найден в этой группе");
    }
    await this.inBatches(
      groupId,
      (r) => {
        if (issued.some((i) => i.studentId === r.studentId)) return false;
        if (wanted) return wanted.has(r.studentId);
        return !r.decision && !linkActive(r, this.today());
      },
      2,
      (batch) => {
        const { config } = this.services;
        const now = this.services.now();
        const stats = new StatsDelta();
        const items: TxItem[] = [];
        const results: typeof issued = [];
        for (const r of batch) {
          const link = issueLink(config.sessionSecret);
          const next: ConsentRequest = {
            ...r,
            tokenHash: link.tokenHash,
            linkSeed: link.seed,
            linkGeneration: r.linkGeneration + 1,
            linkIssuedAt: now.toISOString(),
            expiresOn: linkExpiry(now, config.timeZone, config.linkTtlDays),
            linkRevokedAt: undefined,
            version: r.version + 1,
            updatedAt: now.toISOString(),
          };
          delete next.linkRevokedAt;
          if (!r.decision)
            stats.reissued({ expiresOn: r.expiresOn, revoked: Boolean(r.linkRevokedAt) }, next.expiresOn);
          items.push(this.updateItem(next, r.version), {
            put: {
              ...replacedTokenKey(this.orgId, r.tokenHash),
              requestId: r.requestId,
              replacedAt: now.toISOString(),
              [TTL_ATTRIBUTE]: Math.floor(now.getTime() / 1000) + REPLACED_TOKEN_TTL_SECONDS,
            },
          });
          results.push({
            studentId: r.studentId,
            url: linkUrl(config.publicBaseUrl, link.token),
            expiresOn: next.expiresOn,
          });
        }
        const statsItem = stats.toTxItem(this.orgId, groupId);
        if (statsItem) items.push(statsItem);
        const single = batch.length === 1 ? batch[0] : undefined;
        return {
          items,
          event: {
            actor,
            action: "consent.link_reissued",
            entityType: single ? "consent-request" : "group",
            entityId: single ? single.requestId : groupId,
            details: { groupId, count: batch.length, requests: batch.map((r) => r.requestId).join(",") },
          },
          onCommit: () => issued.push(...results),
        };
      },
    );
    return issued;
  }

  /**
   * «Аннулировать невостребованные ссылки» (clause 2.3): every live link of the group that has not
   * been used for a decision stops working. Links with a decision stay, so parents can change it.
   */
  async revokeUnclaimed(groupId: string, actor: Actor): Promise<number> {
    let revoked = 0;
    await this.inBatches(
      groupId,
      (r) => !r.decision && linkActive(r, this.today()),
      1,
      (batch) => {
        const now = this.services.now().toISOString();
        const stats = new StatsDelta();
        const items: TxItem[] = batch.map((r) => {
          stats.revoked(r.expiresOn);
          return this.updateItem(
            { ...r, linkRevokedAt: now, version: r.version + 1, updatedAt: now },
            r.version,
          );
        });
        const statsItem = stats.toTxItem(this.orgId, groupId);
        if (statsItem) items.push(statsItem);
        return {
          items,
          event: {
            actor,
            action: "consent.links_revoked",
            entityType: "group",
            entityId: groupId,
            details: { count: batch.length, requests: batch.map((r) => r.requestId).join(",") },
          },
          onCommit: () => {
            revoked += batch.length;
          },
        };
      },
    );
    return revoked;
  }

  /**
   * Applies `build` to the matching requests of a group in transactions of at most MAX_TX_ITEMS
   * items. A batch that loses a race (a parent decided meanwhile) is re-read and rebuilt.
   */
  private async inBatches(
    groupId: string,
    match: (r: ConsentRequest) => boolean,
    itemsPerRequest: number,
    build: (batch: ConsentRequest[]) => {
      items: TxItem[];
      event: Parameters<Services["db"]["transact"]>[1][number];
      onCommit: () => void;
    },
  ): Promise<void> {
    const size = Math.max(1, Math.floor((MAX_TX_ITEMS - 1) / itemsPerRequest));
    for (let attempt = 0; ; attempt++) {
      const targets = (await this.listByGroup(groupId, true)).filter(match);
      try {
        for (let i = 0; i < targets.length; i += size) {
          const batch = targets.slice(i, i + size);
          const { items, event, onCommit } = build(batch);
          await this.services.db.transact(items, [event]);
          onCommit();
        }
        return;
      } catch (error) {
        if (!(error instanceof ConflictError) || attempt >= 3) throw error;
      }
    }
  }
}
