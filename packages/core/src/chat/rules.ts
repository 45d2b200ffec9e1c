import type { GroupCounts } from "../consent/stats.js";
import type { DecisionKind } from "../consent/types.js";

/**
 * Hosts of the Sferum platform inside the national messenger MAX. Invitation links seen in public
 * use: `https://max.ru/join/<hash>` (MAX chats and channels), `https://web.max.ru/…` (the web
 * client), `https://sferum.ru/?p=messages&join=<hash>` (Sferum chats); `web.sferum.ru` is Sferum's
 * web client. Anything else is refused so a typo or a look-alike host never reaches parents.
 */
export const CHAT_HOSTS = ["max.ru", "web.max.ru", "sferum.ru", "web.sferum.ru"] as const;

/**
 * Clause 2.5 (the class teacher coordinates the group in Sferum/MAX) and 2.3 (the administrator sends
 * invitation links): an invitation is an https URL on a Sferum/MAX host that points at something (not
 * the bare home page), without credentials or an odd port.
 */
export function isChatInvitationUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.protocol !== "https:" || url.username || url.password || url.port) return false;
  if (!(CHAT_HOSTS as readonly string[]).includes(url.hostname)) return false;
  return url.pathname.length > 1 || url.search.length > 1 || url.hash.length > 1;
}

/**
 * Clause 1.8 and 2.5: the group chat in Sferum/MAX is for parents who consented to the platform; a
 * refusal (or a withdrawn personal-data consent) keeps the alternatives of clause 1.8 instead.
 */
export const mayReceiveChatInvitation = (decision: DecisionKind | undefined): boolean =>
  decision === "consent";

/** A group's campaign is over once nobody can still answer: every link answered, expired or revoked. */
export const isCampaignOver = (counts: Pick<GroupCounts, "total" | "pending">): boolean =>
  counts.total > 0 && counts.pending === 0;

/**
 * Clause 2.3: the administrator «аннулирует невостребованные ссылки-приглашения». Once the group's
 * campaign is over, an invitation handed out (or never used) and not yet revoked in Sferum is due.
 */
export const isChatRevocationDue = (
  chat: { revokedOn?: string } | undefined,
  counts: Pick<GroupCounts, "total" | "pending">,
): boolean => chat !== undefined && !chat.revokedOn && isCampaignOver(counts);
