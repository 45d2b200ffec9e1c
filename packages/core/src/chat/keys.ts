import { groupsPk } from "../roster/keys.js";

/**
 * The group's chat invitation lives in the groups partition beside the group record (one query of
 * that partition lists every group's invitation for the administrator's campaign page).
 */
export const GROUP_CHAT_PREFIX = "CHAT#";

export const groupChatKey = (orgId: string, groupId: string) => ({
  pk: groupsPk(orgId),
  sk: `${GROUP_CHAT_PREFIX}${groupId}`,
});
