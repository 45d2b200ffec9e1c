import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { Actor } from "../audit/types.js";
import { localDate } from "../clock.js";
import { collegeOverview } from "../consent/dashboard.js";
import type { Decision } from "../consent/types.js";
import { ConflictError, NotFoundError, ValidationError } from "../errors.js";
import type { Services } from "../services.js";
import type { TxItem } from "../storage/database.js";
import { parseInput } from "../validation.js";
import { GROUP_CHAT_PREFIX, groupChatKey } from "./keys.js";
import { isChatRevocationDue, mayReceiveChatInvitation } from "./rules.js";
import { chatLinkSchema, chatRevokedSchema } from "./schemas.js";

/**
 * The invitation link to the parents' chat of a group in Sferum/MAX (clause 2.5), as the class
 * teacher or the administrator stored it, and what became of it: when it was first shown to a
 * consenting parent (handed out) and when the administrator revoked it in Sferum (clause 2.3).
 * A new link is a new invitation: its hand-out and revocation start empty.
 */
export interface GroupChat {
  groupId: string;
  url: string;
  setAt: string;
  setBy: string;
  /** First shown to a consenting parent (receipt page or confirmation message). */
  handedOutAt?: string;
  /** The day the administrator revoked it in Sferum (ISO date, organisation's zone). */
  revokedOn?: string;
  revokedBy?: string;
  version: number;
}

type GroupChatItem = GroupChat & { pk: string; sk: string; entity: "group-chat" };

const view = (item: GroupChatItem): GroupChat => {
  const { pk: _pk, sk: _sk, entity: _e, ...chat } = item;
  return chat;
};

/** Only the host goes into the audit log: the link itself lets anyone into the chat. */
const hostOf = (url: string) => new URL(url).hostname;

export async function getGroupChat(
  services: Services,
  groupId: string,
  consistent = false,
): Promise<GroupChat | undefined> {
  const item = await services.db.get<GroupChatItem>(groupChatKey(services.config.orgId, groupId), consistent);
  return item ? view(item) : undefined;
}

/** Every group's invitation, by group id, from one query of the groups partition. */
export async function listGroupChats(services: Services): Promise<Map<string, GroupChat>> {
  const items = await services.db.queryPartition<GroupChatItem>(
    groupChatKey(services.config.orgId, "").pk,
    GROUP_CHAT_PREFIX,
  );
  return new Map(items.map((i) => [i.groupId, view(i)]));
}

/**
 * Stores (or replaces) the group's invitation link. The caller has checked that the actor manages
 * the group (the class teacher of clause 2.5 or the administrator of clause 2.3). `expectedVersion`
 * guards a stale form; without it the current record is replaced.
 */
export async function setGroupChatLink(
  services: Services,
  groupId: string,
  input: unknown,
  actor: Actor,
  expectedVersion?: number,
): Promise<GroupChat> {
  const { url } = parseInput(chatLinkSchema, input);
  const current = await getGroupChat(services, groupId, true);
  if (expectedVersion !== undefined && (current?.version ?? 0) !== expectedVersion) throw new ConflictError();
  if (current && current.url === url) return current;
  const chat: GroupChat = {
    groupId,
    url,
    setAt: services.now().toISOString(),
    setBy: actor.id,
    version: (current?.version ?? 0) + 1,
  };
  const item: GroupChatItem = {
    ...groupChatKey(services.config.orgId, groupId),
    entity: "group-chat",
    ...chat,
  };
  await services.db.transact(
    [
      {
        put: item,
        condition: current ? "version = :v" : "attribute_not_exists(pk)",
        values: current ? { ":v": current.version } : undefined,
        onConflict: () => new ConflictError(),
      },
    ],
    [
      {
        actor,
        action: current ? "group.chat_link_replaced" : "group.chat_link_set",
        entityType: "group",
        entityId: groupId,
        before: current ? `v${current.version}` : null,
        after: `v${chat.version}`,
        details: { host: hostOf(url), ...(current?.handedOutAt ? { previousHandedOut: true } : {}) },
      },
    ],
  );
  return chat;
}

/**
 * Clause 2.3: the administrator records the day the invitation was revoked in Sferum. Not before it
 * was stored, not in the future, once per invitation; a link replaced meanwhile is not marked.
 */
export async function recordChatRevoked(
  services: Services,
  groupId: string,
  input: unknown,
  actor: Actor,
): Promise<GroupChat> {
  const { revokedOn, version } = parseInput(chatRevokedSchema, input);
  const current = await getGroupChat(services, groupId, true);
  if (!current) throw new NotFoundError("У группы нет ссылки-приглашения в чат");
  if (current.version !== version)
    throw new ConflictError("Ссылку-приглашение заменили. Обновите страницу и проверьте новую ссылку.");
  if (current.revokedOn)
    throw new ConflictError(`Аннулирование уже отмечено: ${current.revokedOn}`, "already_revoked");
  const { timeZone } = services.config;
  const today = localDate(services.now(), timeZone);
  const setOn = localDate(new Date(current.setAt), timeZone);
  if (revokedOn > today)
    throw new ValidationError("Проверьте дату", { revokedOn: ["Дата не может быть позже сегодняшней"] });
  if (revokedOn < setOn)
    throw new ValidationError("Проверьте дату", {
      revokedOn: ["Дата не может быть раньше дня, когда ссылку сохранили"],
    });
  await services.db.transact(
    [
      {
        update: groupChatKey(services.config.orgId, groupId),
        expression: "SET revokedOn = :d, revokedBy = :by",
        condition: "version = :v AND attribute_not_exists(revokedOn)",
        values: { ":d": revokedOn, ":by": actor.id, ":v": version },
        onConflict: () => new ConflictError(),
      },
    ],
    [
      {
        actor,
        action: "group.chat_link_revoked",
        entityType: "group",
        entityId: groupId,
        before: `v${version}`,
        after: `v${version}`,
        details: { revokedOn },
      },
    ],
  );
  return { ...current, revokedOn, revokedBy: actor.id };
}

/**
 * The write that marks the invitation handed out, for a caller's transaction (the outbox's
 * confirmation message): sets the moment only the first time and never fails on a repeat, so it
 * cannot make the caller's transaction fail.
 */
export function chatHandedOutTxItem(services: Services, groupId: string, at: string): TxItem {
  return {
    update: groupChatKey(services.config.orgId, groupId),
    expression: "SET handedOutAt = if_not_exists(handedOutAt, :at)",
    condition: "attribute_exists(pk)",
    values: { ":at": at },
  };
}

/** What a parent's receipt or confirmation message says about the group chat. */
export type ChatOffer =
  /** Consented, and the group has a live invitation. */
  | { kind: "invitation"; url: string }
  /** Consented, but the group has no live invitation yet: the class teacher sends it. */
  | { kind: "ask-teacher" }
  /** Refused or withdrew: the alternatives of clause 1.8 and the class teacher's contacts. */
  | { kind: "alternatives" };

/** The pure part: what a decision and the group's invitation give the parent (clauses 1.8, 2.5). */
export function chatOfferFor(
  decision: Pick<Decision, "decision"> | undefined,
  chat: GroupChat | undefined,
): ChatOffer {
  if (!mayReceiveChatInvitation(decision?.decision)) return { kind: "alternatives" };
  if (!chat || chat.revokedOn) return { kind: "ask-teacher" };
  return { kind: "invitation", url: chat.url };
}

/**
 * The chat offer of a parent's page or message; showing an invitation marks it handed out (the
 * first time only, a separate small write without an audit event: it is a fact about the link, not
 * a change anybody made). The outbox, writing in a transaction of its own, uses `chatOfferFor` with
 * `getGroupChat` and adds `chatHandedOutTxItem` to its transaction instead.
 */
export async function chatOfferForParent(
  services: Services,
  groupId: string,
  decision: Pick<Decision, "decision"> | undefined,
): Promise<ChatOffer> {
  if (!mayReceiveChatInvitation(decision?.decision)) return { kind: "alternatives" };
  const chat = await getGroupChat(services, groupId);
  const offer = chatOfferFor(decision, chat);
  if (offer.kind === "invitation" && !chat?.handedOutAt) {
    const at = services.now().toISOString();
    await services.db.client
      .send(
        new UpdateCommand({
          TableName: services.db.tableName,
          Key: groupChatKey(services.config.orgId, groupId),
          UpdateExpression: "SET handedOutAt = if_not_exists(handedOutAt, :at)",
          ConditionExpression: "attribute_exists(pk) AND #u = :url",
          ExpressionAttributeNames: { "#u": "url" },
          ExpressionAttributeValues: { ":at": at, ":url": offer.url },
        }),
      )
      .catch((error: unknown) => {
        // The link was replaced or removed meanwhile: the new one is marked when it is shown.
        if ((error as { name?: string }).name !== "ConditionalCheckFailedException") throw error;
      });
  }
  return offer;
}

/** The lines a confirmation message (e-mail or SMS) carries about the chat, in Russian. */
export function chatOfferText(offer: ChatOffer): string {
  switch (offer.kind) {
    case "invitation":
      return `Чат родителей группы в «Сферуме» (MAX): ${offer.url}`;
    case "ask-teacher":
      return "Ссылку-приглашение в чат родителей группы пришлёт классный руководитель.";
    case "alternatives":
      return "Для вас остаются дневник в АИС «Сетевой город. Образование», очные встречи по договорённости и родительские собрания (п. 1.8 Положения).";
  }
}

/**
 * Clause 2.3 for the administrator's home page: the groups whose campaign is over and whose chat
 * invitation is not yet recorded as revoked in Sferum. Two queries of the groups partition.
 */
export async function chatRevocationsDue(
  services: Services,
): Promise<Array<{ groupId: string; code: string }>> {
  const [overview, chats] = await Promise.all([
    collegeOverview(services, () => true),
    listGroupChats(services),
  ]);
  return overview.groups
    .filter(({ group, counts }) => isChatRevocationDue(chats.get(group.groupId), counts))
    .map(({ group }) => ({ groupId: group.groupId, code: group.code }));
}
