import type { Actor } from "../audit/types.js";
import { localDate } from "../clock.js";
import { ConflictError, GoneError, NotFoundError, TooManyRequestsError } from "../errors.js";
import { tokenHash } from "../ids.js";
import { type Group, GroupRepository } from "../roster/group-repository.js";
import { isStudying, type Student, StudentRepository } from "../roster/student-repository.js";
import type { Services } from "../services.js";
import type { TxItem } from "../storage/database.js";
import { RateLimiter } from "../storage/rate-limit.js";
import { GSI, TTL_ATTRIBUTE } from "../storage/table.js";
import { mayGetOwnLink } from "../students/rules.js";
import { ConsentRequestRepository, type RequestItem } from "./consent-request-repository.js";
import { RATE_SCOPE_TOKEN_MISS, replacedTokenKey, tokenPk } from "./keys.js";
import { issueLink, linkExpiry, linkUrl, TOKEN_PATTERN, tokenOf } from "./link-tokens.js";
import { isUnclaimed, needsReissue } from "./rules.js";
import { StatsDelta } from "./stats.js";
import type { ConsentRequest } from "./types.js";
import { linkActive } from "./types.js";

/**
 * Parents' personal links: resolving a link to its request, re-issuing and revoking links
 * (link-tokens.ts derives the tokens; consent-request-repository.ts stores the requests).
 */

/** A replaced link still answers «заменена» for half a year, then it is simply unknown. */
const REPLACED_TOKEN_TTL_SECONDS = 183 * 24 * 3600;

/** What a valid link opens. */
export interface LinkContext {
  request: ConsentRequest;
  student: Student;
  group: Group;
}

/** Unknown tokens one client may try per window; beyond it, its unknown tokens get 429 (scanning). */
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

/** Today in the organisation's time zone: links expire by local dates. */
export const today = (services: Services): string => localDate(services.now(), services.config.timeZone);

/** The personal link URL of a request, or undefined when it cannot be re-derived (see link-tokens.ts). */
export function linkFor(
  services: Services,
  request: Pick<ConsentRequest, "linkSeed" | "tokenHash">,
): string | undefined {
  const token = tokenOf(services.config.sessionSecret, request);
  return token ? linkUrl(services.config.publicBaseUrl, token) : undefined;
}

/** The token of a request's current link (undefined when it cannot be re-derived, see links.ts). */
export function tokenFor(
  services: Services,
  request: Pick<ConsentRequest, "linkSeed" | "tokenHash">,
): string | undefined {
  return tokenOf(services.config.sessionSecret, request);
}

/**
 * Resolves a personal link: NotFoundError for unknown tokens, GoneError (410) for replaced,
 * revoked and expired links. Messages reveal nothing about the student.
 */
export async function resolveLink(services: Services, token: string): Promise<LinkContext> {
  if (!TOKEN_PATTERN.test(token)) throw new NotFoundError(LINK_MESSAGES.unknown);
  const hash = tokenHash(token);
  const [indexed] = await services.db.queryPartition<RequestItem>(
    tokenPk(services.config.orgId, hash),
    undefined,
    {
      index: GSI.byValue,
      limit: 1,
    },
  );
  if (!indexed) {
    const replaced = await services.db.get(replacedTokenKey(services.config.orgId, hash), true);
    if (replaced) throw new GoneError(LINK_MESSAGES.replaced, "link_replaced");
    throw new NotFoundError(LINK_MESSAGES.unknown);
  }
  // The index is eventually consistent: the request itself is read strongly and must still hold this token.
  const [request, student, group] = await Promise.all([
    new ConsentRequestRepository(services).get(indexed.groupId, indexed.studentId, true),
    new StudentRepository(services).get(indexed.groupId, indexed.nameKey, true),
    new GroupRepository(services).get(indexed.groupId),
  ]);
  if (!request || !student || !group) throw new NotFoundError(LINK_MESSAGES.unknown);
  if (request.tokenHash !== hash) throw new GoneError(LINK_MESSAGES.replaced, "link_replaced");
  if (request.linkRevokedAt) throw new GoneError(LINK_MESSAGES.revoked, "link_revoked");
  if (!linkActive(request, today(services))) throw new GoneError(LINK_MESSAGES.expired, "link_expired");
  return { request, student, group };
}

/**
 * `resolve` for a client (IP address). Unknown tokens are counted per client (atomically, in
 * DynamoDB); beyond TOKEN_MISS_LIMIT within the window a client's unknown tokens get 429 instead of
 * 404. A valid link always opens, whatever the counter says: behind a shared NAT (a college, a
 * mobile operator) one person's mistyped or guessed links must not lock the other parents out.
 * Guessing gains nothing either way: a token has 128 random bits (link-tokens.ts).
 */
export async function resolveLinkFor(
  services: Services,
  token: string,
  client: string,
): Promise<LinkContext> {
  try {
    return await resolveLink(services, token);
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    const refusal = await new RateLimiter(services.db, services.now).take({
      scope: RATE_SCOPE_TOKEN_MISS,
      // Hashed: no client address is kept in a counter's key.
      subject: tokenHash(client).slice(0, 32),
      limit: TOKEN_MISS_LIMIT,
      windowSeconds: TOKEN_MISS_WINDOW_SECONDS,
    });
    if (refusal) {
      throw new TooManyRequestsError(
        "Слишком много попыток открыть несуществующие ссылки. Подождите 10 минут и откройте ссылку ещё раз, проверив, что она скопирована полностью.",
        refusal.retryAfterSeconds,
      );
    }
    throw error;
  }
}

/**
 * Issues new links; the old ones stop working at once. Without `studentIds`, re-issues every link
 * of the group that no longer works (expired or revoked) and has no decision yet.
 */
export async function reissueLinks(
  services: Services,
  groupId: string,
  actor: Actor,
  studentIds?: string[],
  /** "student": the new link is the adult student's own (issueStudentLink). */
  holder?: "student",
): Promise<Array<{ studentId: string; url?: string; expiresOn: string }>> {
  const requests = new ConsentRequestRepository(services);
  const issued: Array<{ studentId: string; url?: string; expiresOn: string }> = [];
  const wanted = studentIds ? new Set(studentIds) : undefined;
  if (wanted) {
    const existing = new Set(
      (await requests.listByGroup(groupId)).filter((r) => !r.leftAt).map((r) => r.studentId),
    );
    const missing = [...wanted].filter((id) => !existing.has(id));
    if (missing.length > 0) throw new NotFoundError("Обучающийся не найден в этой группе");
  }
  await inBatches(
    services,
    groupId,
    (r) => {
      if (issued.some((i) => i.studentId === r.studentId)) return false;
      if (wanted) return wanted.has(r.studentId);
      return needsReissue(r, today(services));
    },
    2,
    (batch) => {
      const { config } = services;
      const now = services.now();
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
        if (holder) next.linkHolder = holder;
        else delete next.linkHolder;
        if (!r.decision)
          stats.reissued({ expiresOn: r.expiresOn, revoked: Boolean(r.linkRevokedAt) }, next.expiresOn);
        items.push(requests.updateItem(next, r.version), {
          put: {
            ...replacedTokenKey(services.config.orgId, r.tokenHash),
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
      const statsItem = stats.toTxItem(services.config.orgId, groupId);
      if (statsItem) items.push(statsItem);
      const single = batch.length === 1 ? batch[0] : undefined;
      return {
        items,
        event: {
          actor,
          action: holder ? "consent.student_link_issued" : "consent.link_reissued",
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
 * A personal link of the adult student's own (students/rules.ts, mayGetOwnLink): typically when a
 * parent's decision needs the student's confirmation. It replaces the link the parent holds (that
 * one then answers «заменена»), so only the student can answer from now on; the parent's decision
 * and documents stay as they were until the student's answer supersedes them (history kept).
 */
export async function issueStudentLink(
  services: Services,
  groupId: string,
  studentId: string,
  actor: Actor,
): Promise<{ studentId: string; url?: string; expiresOn: string }> {
  const student = (await new StudentRepository(services).listByGroup(groupId, true)).find(
    (s) => s.studentId === studentId && isStudying(s),
  );
  if (!student) throw new NotFoundError("Обучающийся не найден в этой группе");
  if (!mayGetOwnLink(student, today(services)))
    throw new ConflictError(
      "Личную ссылку обучающемуся можно выдать, когда ему исполнилось 18 лет: проверьте дату рождения в списке группы.",
      "student_not_adult",
    );
  const [issued] = await reissueLinks(services, groupId, actor, [studentId], "student");
  if (!issued) throw new NotFoundError("Обучающийся не найден в этой группе");
  return issued;
}

/**
 * «Аннулировать невостребованные ссылки» (clause 2.3): every live link of the group that has not
 * been used for a decision stops working. Links with a decision stay, so parents can change it.
 */
export async function revokeUnclaimedLinks(
  services: Services,
  groupId: string,
  actor: Actor,
): Promise<number> {
  const requests = new ConsentRequestRepository(services);
  let revoked = 0;
  await inBatches(
    services,
    groupId,
    (r) => isUnclaimed(r, today(services)),
    1,
    (batch) => {
      const now = services.now().toISOString();
      const stats = new StatsDelta();
      const items: TxItem[] = batch.map((r) => {
        stats.revoked(r.expiresOn);
        return requests.updateItem(
          { ...r, linkRevokedAt: now, version: r.version + 1, updatedAt: now },
          r.version,
        );
      });
      const statsItem = stats.toTxItem(services.config.orgId, groupId);
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
async function inBatches(
  services: Services,
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
    // Students who have left are out of the group's lists: no link of theirs is re-issued or revoked here.
    const targets = (await new ConsentRequestRepository(services).listByGroup(groupId, true)).filter(
      (r) => !r.leftAt && match(r),
    );
    try {
      for (let i = 0; i < targets.length; i += size) {
        const batch = targets.slice(i, i + size);
        const { items, event, onCommit } = build(batch);
        await services.db.transact(items, [event]);
        onCommit();
      }
      return;
    } catch (error) {
      if (!(error instanceof ConflictError) || attempt >= 3) throw error;
    }
  }
}
