import { pendingAcknowledgment } from "@soglasie/core/regulation/acknowledgment";
import { Hono } from "hono";
import { requireStaff } from "../../http/auth.js";
import type { AppEnv } from "../../http/env.js";
import { navFor, staffPage } from "../../http/nav.js";
import { HomePage } from "./views/home-page.js";
import { RegulationPrompt } from "./views/regulation-prompt.js";

export const staffHomePages = new Hono<AppEnv>().get("/staff", requireStaff, async (c) => {
  const user = c.get("user");
  // The in-force regulation to confirm («Ознакомлен(а)»), if the person has not yet.
  const pending = await pendingAcknowledgment(c.get("services"), user.staff.staffId);
  const sections = navFor(user.roles).filter((s) => s.href !== "/staff");
  const prompt = (
    <RegulationPrompt
      pending={pending}
      acknowledged={Boolean(c.req.query("acknowledged"))}
      csrf={user.csrfToken}
    />
  );
  return staffPage(c, "Главная", <HomePage user={user} prompt={prompt} sections={sections} />);
});
