import { Hono } from "hono";
import { requireRoles } from "../../http/auth.js";
import type { AppEnv } from "../../http/env.js";
import { staffPage } from "../../http/nav.js";
import { campaignData } from "./data.js";
import { CampaignPage } from "./views/campaign-page.js";

/** Who sees the campaign: the administrator (clause 2.3) and the director, who reads. */
export const CAMPAIGN_READERS = ["administrator", "director"] as const;

/**   GET /staff/campaign[?group=ID]   answers per day (SVG chart and table), chat invitations */
export const campaignPages = new Hono<AppEnv>().get(
  "/staff/campaign",
  requireRoles(...CAMPAIGN_READERS),
  async (c) => {
    const services = c.get("services");
    const user = c.get("user");
    const data = await campaignData(services, c.req.query("group") || undefined);
    return staffPage(
      c,
      "Ход кампании",
      <CampaignPage
        csrf={user.csrfToken}
        {...data}
        timeZone={services.config.timeZone}
        isAdministrator={user.roles.includes("administrator")}
        done={c.req.query("done")}
      />,
    );
  },
);
