import { collegeOverview, groupDashboard } from "@soglasie/core/consent/dashboard";
import { linkFor, reissueLinks, revokeUnclaimedLinks } from "@soglasie/core/consent/links";
import { linkActive } from "@soglasie/core/consent/types";
import { ValidationError } from "@soglasie/core/errors";
import { canManageGroup, canSeeGroup, seesAllGroups } from "@soglasie/core/roster/access";
import { GroupRepository } from "@soglasie/core/roster/group-repository";
import { StaffRepository } from "@soglasie/core/staff/staff-repository";
import { type Context, Hono } from "hono";
import { actorOf } from "../../../http/actor.js";
import { requireRoles } from "../../../http/auth.js";
import { readForm } from "../../../http/body.js";
import type { AppEnv, ServicesEnv } from "../../../http/env.js";
import { staffPage } from "../../../http/nav.js";
import {
  CONSENT_READERS,
  managedGroup,
  ROSTER_MANAGERS,
  staffActor,
  viewerOf,
  visibleGroup,
} from "../access.js";
import { GroupPage } from "../views/staff/group-page.js";
import { OverviewPage } from "../views/staff/overview-page.js";

/**
 * Staff pages of the consent workflow: the college overview (/staff/consents) and a group's
 * dashboard (/staff/consents/:groupId) with its link actions. Forms post back here and redirect
 * (303) with a short notice code.
 */

const count = (c: Context) => {
  const n = Number(c.req.query("n"));
  return Number.isFinite(n) && n >= 0 ? Math.floor(n) : 0;
};

async function teacherNames<E extends ServicesEnv>(c: Context<E>, ids: string[]): Promise<string[]> {
  const repo = new StaffRepository(c.get("services"));
  const staff = await Promise.all(ids.map((id) => repo.get(id)));
  return staff.filter((s) => s !== undefined).map((s) => s.fullName);
}

/** Revoking links cannot be undone: the form's checkbox must say so. */
function confirmed(form: Record<string, string | string[]>) {
  if (form.confirm !== "on") {
    throw new ValidationError("Подтвердите аннулирование: отметьте галочку", {
      confirm: ["Отметьте галочку подтверждения"],
    });
  }
}

export const consentStaffPages = new Hono<AppEnv>()
  .get("/staff/consents", requireRoles(...CONSENT_READERS), async (c) => {
    const viewer = viewerOf(c);
    const overview = await collegeOverview(c.get("services"), (g) => canSeeGroup(viewer, g));
    return staffPage(
      c,
      "Согласия родителей",
      <OverviewPage
        overview={overview}
        admin={viewer.roles.includes("administrator")}
        csrf={c.get("user").csrfToken}
        done={c.req.query("done")}
        n={count(c)}
        classTeacherWithoutGroups={!seesAllGroups(viewer) && overview.groups.length === 0}
      />,
    );
  })

  .post("/staff/consents/revoke-unclaimed", requireRoles("administrator"), async (c) => {
    confirmed(await readForm(c));
    const services = c.get("services");
    let revoked = 0;
    for (const g of await new GroupRepository(services).list()) {
      revoked += await revokeUnclaimedLinks(services, g.groupId, actorOf(c, "administrator"));
    }
    return c.redirect(`/staff/consents?done=revoked&n=${revoked}`, 303);
  })

  .get("/staff/consents/:groupId", requireRoles(...CONSENT_READERS), async (c) => {
    const services = c.get("services");
    const group = await visibleGroup(c);
    const dashboard = await groupDashboard(services, group);
    const manage = canManageGroup(viewerOf(c), group);
    const links = new Map(
      dashboard.rows.map((r) => [
        r.student.studentId,
        manage && r.request && linkActive(r.request, dashboard.today)
          ? linkFor(services, r.request)
          : undefined,
      ]),
    );
    return staffPage(
      c,
      `Группа ${group.code}`,
      <GroupPage
        dashboard={dashboard}
        teachers={await teacherNames(c, group.classTeacherIds)}
        manage={manage}
        csrf={c.get("user").csrfToken}
        links={links}
        timeZone={services.config.timeZone}
        done={c.req.query("done")}
        n={count(c)}
        highlight={c.req.query("student")}
      />,
    );
  })

  .post("/staff/consents/:groupId/reissue", requireRoles(...ROSTER_MANAGERS), async (c) => {
    const group = await managedGroup(c);
    const form = await readForm(c);
    const studentId = typeof form.studentId === "string" && form.studentId ? form.studentId : undefined;
    const issued = await reissueLinks(
      c.get("services"),
      group.groupId,
      staffActor(c),
      studentId ? [studentId] : undefined,
    );
    const anchor = studentId
      ? `&student=${encodeURIComponent(studentId)}#s-${encodeURIComponent(studentId)}`
      : "";
    return c.redirect(`/staff/consents/${group.groupId}?done=reissued&n=${issued.length}${anchor}`, 303);
  })

  .post("/staff/consents/:groupId/revoke-unclaimed", requireRoles(...ROSTER_MANAGERS), async (c) => {
    const group = await managedGroup(c);
    confirmed(await readForm(c));
    const revoked = await revokeUnclaimedLinks(c.get("services"), group.groupId, staffActor(c));
    return c.redirect(`/staff/consents/${group.groupId}?done=revoked&n=${revoked}`, 303);
  });
