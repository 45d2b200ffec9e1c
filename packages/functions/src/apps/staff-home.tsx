import { Hono } from "hono";
import { requireStaff } from "../http/auth.js";
import type { AppEnv } from "../http/env.js";
import { navFor, staffPage } from "../http/nav.js";
import { roleList } from "./auth.js";
import { regulationPrompt } from "./regulation.js";

/** `/staff`: who you are and where you can go. Workflow apps add their own sections. */
export const staffHomeApp = new Hono<AppEnv>().get("/staff", requireStaff, async (c) => {
  const user = c.get("user")!;
  // The in-force regulation to confirm («Ознакомлен(а)»), if the person has not yet.
  const prompt = await regulationPrompt(c);
  const sections = navFor(user.roles).filter((s) => s.href !== "/staff" && s.href !== "/logout");
  return staffPage(
    c,
    "Главная",
    <>
      <h1>Здравствуйте, {user.staff.fullName}</h1>
      {prompt}
      <div class="card">
        <p>
          {user.staff.position}. Роли в системе: {roleList(user.roles) || "нет"}.
        </p>
      </div>
      <h2>Разделы</h2>
      <ul>
        {sections.map((s) => (
          <li>
            <a href={s.href}>{s.label}</a>
          </li>
        ))}
      </ul>
    </>,
  );
});
