import { Hono } from "hono";
import { requireRoles } from "../../http/auth.js";
import type { AppEnv } from "../../http/env.js";
import { chatJson } from "../group-chat/api.js";
import { campaignData } from "./data.js";
import { CAMPAIGN_READERS } from "./pages.js";

/**
 *   GET /api/campaign[?group=ID]   {scope, from, to, days: [{date, consent, refusal, withdrawal, total}],
 *                                   totals, waves: [{date, count}], chats: [{groupId, code, pending,
 *                                   campaignOver, revocationDue, chat}]}
 */
export const campaignApi = new Hono<AppEnv>().get(
  "/api/campaign",
  requireRoles(...CAMPAIGN_READERS),
  async (c) => {
    const data = await campaignData(c.get("services"), c.req.query("group") || undefined);
    return c.json({
      scope: data.selected ? { groupId: data.selected.groupId, code: data.selected.code } : "college",
      ...data.series,
      chats: data.chats.map((l) => ({
        groupId: l.group.groupId,
        code: l.group.code,
        pending: l.counts.pending,
        campaignOver: l.campaignOver,
        revocationDue: l.revocationDue,
        chat: l.chat ? chatJson(l.chat) : null,
      })),
    });
  },
);
