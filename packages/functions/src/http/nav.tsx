import type { Role } from "@soglasie/core/staff/roles";
import type { Context } from "hono";
import type { Child } from "hono/jsx";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { StaffEnv } from "./env.js";
import { Layout, page } from "./layout.js";

interface Section {
  href: string;
  label: string;
  /** Roles that see the section; empty means every signed-in staff member. */
  roles: Role[];
}

/** Staff sections. Each workflow app serves its own section; the guard on the route is what counts. */
export const SECTIONS: Section[] = [
  { href: "/staff", label: "Главная", roles: [] },
  {
    href: "/staff/consents",
    label: "Согласия родителей",
    roles: ["director", "administrator", "class_teacher"],
  },
  { href: "/staff/roster", label: "Контингент и ссылки", roles: ["administrator", "class_teacher"] },
  { href: "/staff/campaign", label: "Ход кампании", roles: ["administrator", "director"] },
  { href: "/staff/students", label: "Движение обучающихся", roles: ["administrator", "director"] },
  { href: "/staff/groups", label: "Учебные группы", roles: ["administrator", "director"] },
  { href: "/staff/regulations", label: "Положение", roles: [] },
  { href: "/staff/council", label: "Педсовет", roles: ["council_secretary", "director", "administrator"] },
  { href: "/staff/orders", label: "Приказы", roles: ["director", "administrator"] },
  { href: "/staff/contacts", label: "Контакты для родителей", roles: ["class_teacher"] },
];

/** The sections a person sees (signing out is a form button beside them, see Layout). */
export function navFor(roles: Role[]) {
  return SECTIONS.filter((s) => s.roles.length === 0 || s.roles.some((r) => roles.includes(r)));
}

/** Renders a staff page inside the shared layout with the navigation of the signed-in user. */
export function staffPage(
  c: Context<StaffEnv>,
  title: string,
  body: Child,
  status: ContentfulStatusCode = 200,
) {
  const services = c.get("services");
  return c.html(
    page(
      <Layout
        title={`${title} — Согласие`}
        nav={navFor(c.get("user").roles)}
        signOutCsrf={c.get("user").csrfToken}
        orgName={services.config.org.shortName}
      >
        {body}
      </Layout>,
    ),
    status,
  );
}
