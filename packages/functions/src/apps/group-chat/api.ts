import {
  type GroupChat,
  getGroupChat,
  recordChatRevoked,
  setGroupChatLink,
} from "@soglasie/core/chat/group-chat";
import { chatLinkSchema, chatRevokedSchema } from "@soglasie/core/chat/schemas";
import { NotFoundError } from "@soglasie/core/errors";
import { Hono } from "hono";
import { requireRoles } from "../../http/auth.js";
import { jsonBody } from "../../http/body.js";
import type { AppEnv } from "../../http/env.js";
import {
  CONSENT_READERS,
  managedGroup,
  ROSTER_MANAGERS,
  staffActor,
  visibleGroup,
} from "../consent/access.js";

export const chatJson = (chat: GroupChat) => ({
  groupId: chat.groupId,
  url: chat.url,
  setAt: chat.setAt,
  handedOutAt: chat.handedOutAt ?? null,
  revokedOn: chat.revokedOn ?? null,
  version: chat.version,
});

/**
 *   GET  /api/groups/:groupId/chat           {url, setAt, handedOutAt, revokedOn, version} (404 when none)
 *   PUT  /api/groups/:groupId/chat           {url}: store or replace (class teacher of the group, administrator)
 *   POST /api/groups/:groupId/chat/revoked   {revokedOn, version}: revoked in Sferum (administrator)
 */
export const groupChatApi = new Hono<AppEnv>()
  .get("/api/groups/:groupId/chat", requireRoles(...CONSENT_READERS), async (c) => {
    const group = await visibleGroup(c);
    const chat = await getGroupChat(c.get("services"), group.groupId, true);
    if (!chat) throw new NotFoundError("У группы нет ссылки-приглашения в чат");
    return c.json(chatJson(chat));
  })
  .put("/api/groups/:groupId/chat", requireRoles(...ROSTER_MANAGERS), jsonBody(chatLinkSchema), async (c) => {
    const group = await managedGroup(c);
    const chat = await setGroupChatLink(c.get("services"), group.groupId, c.req.valid("json"), staffActor(c));
    return c.json(chatJson(chat));
  })
  .post(
    "/api/groups/:groupId/chat/revoked",
    requireRoles("administrator"),
    jsonBody(chatRevokedSchema),
    async (c) => {
      const group = await visibleGroup(c);
      const chat = await recordChatRevoked(
        c.get("services"),
        group.groupId,
        c.req.valid("json"),
        staffActor(c),
      );
      return c.json(chatJson(chat));
    },
  );
