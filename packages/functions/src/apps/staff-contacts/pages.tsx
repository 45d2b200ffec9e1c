import { setParentContacts } from "@soglasie/core/staff/parent-contacts";
import { Hono } from "hono";
import { actorOf } from "../../http/actor.js";
import { requireStaff } from "../../http/auth.js";
import { readForm } from "../../http/body.js";
import type { AppEnv } from "../../http/env.js";
import { staffPage } from "../../http/nav.js";
import { pageAction, withNotice } from "../../http/page-action.js";
import { ContactsPage, type ContactsValues } from "./views/contacts-page.js";

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export const staffContactsPages = new Hono<AppEnv>()
  .get("/staff/contacts", requireStaff, (c) => {
    const user = c.get("user");
    return staffPage(
      c,
      "Контакты для родителей",
      <ContactsPage
        csrf={user.csrfToken}
        fullName={user.staff.fullName}
        values={user.staff.parentContacts ?? {}}
        saved={c.req.query("done") === "saved"}
        isClassTeacher={user.roles.includes("class_teacher")}
      />,
    );
  })
  .post("/staff/contacts", requireStaff, async (c) => {
    const user = c.get("user");
    const form = await readForm(c);
    const values: ContactsValues = { phone: one(form.phone), email: one(form.email), note: one(form.note) };
    return pageAction(
      c,
      async () => {
        await setParentContacts(c.get("services"), user.staff.staffId, values, actorOf(c));
        return withNotice("/staff/contacts", "saved");
      },
      (error, status) =>
        staffPage(
          c,
          "Ошибка: Контакты для родителей",
          <ContactsPage
            csrf={user.csrfToken}
            fullName={user.staff.fullName}
            values={values}
            error={error.message}
            fields={"fields" in error ? (error.fields as Record<string, string[]>) : undefined}
            isClassTeacher={user.roles.includes("class_teacher")}
          />,
          status,
        ),
    );
  });
