import { getGroupChat, recordChatRevoked, setGroupChatLink } from "@soglasie/core/chat/group-chat";
import { localDate } from "@soglasie/core/clock";
import type { DomainError } from "@soglasie/core/errors";
import { type Context, Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { requireRoles } from "../../http/auth.js";
import { formValue, readForm } from "../../http/body.js";
import type { AppEnv, StaffEnv } from "../../http/env.js";
import { errorTitle } from "../../http/layout.js";
import { staffPage } from "../../http/nav.js";
import { pageAction, withNotice } from "../../http/page-action.js";
import {
  CONSENT_READERS,
  managedGroup,
  ROSTER_MANAGERS,
  staffActor,
  visibleGroup,
} from "../consent/access.js";
import { ChatPage } from "./views/chat-page.js";

/**
 *   GET  /staff/consents/:groupId/chat           the group's chat invitation (readers of the group)
 *   POST /staff/consents/:groupId/chat           store or replace it (the class teacher, the administrator)
 *   POST /staff/consents/:groupId/chat/revoked   the day it was revoked in Sferum (the administrator)
 */
async function render(
  c: Context<StaffEnv>,
  groupId: string,
  opts: { url?: string; error?: DomainError; status?: ContentfulStatusCode } = {},
) {
  const services = c.get("services");
  const group = await visibleGroup(c, groupId);
  const chat = await getGroupChat(services, group.groupId, true);
  const user = c.get("user");
  const fields =
    opts.error && "fields" in opts.error ? (opts.error.fields as Record<string, string[]>) : undefined;
  return staffPage(
    c,
    errorTitle(`Чат родителей группы ${group.code}`, Boolean(opts.error)),
    <ChatPage
      csrf={user.csrfToken}
      groupId={group.groupId}
      groupCode={group.code}
      chat={chat}
      timeZone={services.config.timeZone}
      today={localDate(services.now(), services.config.timeZone)}
      isAdministrator={user.roles.includes("administrator")}
      done={opts.error ? undefined : c.req.query("done")}
      url={opts.url ?? chat?.url}
      error={opts.error?.message}
      fields={fields}
    />,
    opts.status,
  );
}

/** Where the revocation form came from: the group's chat page or the campaign page. */
const backTo = (from: string, groupId: string) =>
  from === "campaign" ? "/staff/campaign#chats" : `/staff/consents/${groupId}/chat`;

export const groupChatPages = new Hono<AppEnv>()
  .get("/staff/consents/:groupId/chat", requireRoles(...CONSENT_READERS), (c) =>
    render(c, c.req.param("groupId")),
  )
  .post("/staff/consents/:groupId/chat", requireRoles(...ROSTER_MANAGERS), async (c) => {
    const group = await managedGroup(c);
    const form = await readForm(c);
    const url = formValue(form.url);
    const version = Number(formValue(form.version));
    return pageAction(
      c,
      async () => {
        await setGroupChatLink(
          c.get("services"),
          group.groupId,
          { url },
          staffActor(c),
          Number.isInteger(version) ? version : undefined,
        );
        return withNotice(`/staff/consents/${group.groupId}/chat`, "saved");
      },
      (error, status) => render(c, group.groupId, { url, error, status }),
    );
  })
  .post("/staff/consents/:groupId/chat/revoked", requireRoles("administrator"), async (c) => {
    const group = await visibleGroup(c);
    const form = await readForm(c);
    const from = formValue(form.from);
    return pageAction(
      c,
      async () => {
        await recordChatRevoked(
          c.get("services"),
          group.groupId,
          { revokedOn: formValue(form.revokedOn), version: formValue(form.version) },
          staffActor(c),
        );
        return from === "campaign"
          ? "/staff/campaign?done=revoked#chats"
          : withNotice(backTo(from, group.groupId), "revoked");
      },
      (error, status) => render(c, group.groupId, { error, status }),
    );
  });
