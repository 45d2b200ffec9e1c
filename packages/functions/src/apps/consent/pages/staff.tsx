import { collegeOverview, groupDashboard } from "@soglasie/core/consent/dashboard";
import {
  issueStudentLink,
  linkFor,
  reissueLinks,
  revokeUnclaimedLinks,
  today,
} from "@soglasie/core/consent/links";
import { linkActive } from "@soglasie/core/consent/types";
import { NotFoundError, ValidationError } from "@soglasie/core/errors";
import { groupDeliveryStates, sendInvitations } from "@soglasie/core/messages/invitations";
import { providersFor } from "@soglasie/core/messages/providers/index";
import { canManageGroup, canSeeGroup, seesAllGroups } from "@soglasie/core/roster/access";
import { type Group, GroupRepository } from "@soglasie/core/roster/group-repository";
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
import { searchQuery } from "../search.js";
import { GroupPage } from "../views/staff/group-page.js";
import { OverviewPage } from "../views/staff/overview-page.js";
import { ReissueConfirmPage } from "../views/staff/reissue-confirm-page.js";

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

/** One student's row of a group's dashboard (404 when the student is not in the group). */
async function studentRow<E extends ServicesEnv>(c: Context<E>, group: Group, studentId: string | undefined) {
  const row = studentId
    ? (await groupDashboard(c.get("services"), group)).rows.find((r) => r.student.studentId === studentId)
    : undefined;
  if (!row) throw new NotFoundError("Обучающийся не найден в этой группе");
  return row;
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
    const overview = await collegeOverview(c.get("services"), (g) => canSeeGroup(viewer, g), {
      adultConfirmation: true,
    });
    return staffPage(
      c,
      "Согласия родителей",
      <OverviewPage
        overview={overview}
        admin={viewer.roles.includes("administrator")}
        seesAll={seesAllGroups(viewer)}
        csrf={c.get("user").csrfToken}
        done={c.req.query("done")}
        n={count(c)}
        classTeacherWithoutGroups={!seesAllGroups(viewer) && overview.groups.length === 0}
        query={searchQuery(c.req.query("q"))}
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
    return c.redirect(`/staff/consents?done=revoked&n=${revoked}#revoke-all`, 303);
  })

  .get("/staff/consents/:groupId", requireRoles(...CONSENT_READERS), async (c) => {
    const services = c.get("services");
    const group = await visibleGroup(c);
    const dashboard = await groupDashboard(services, group);
    const manage = canManageGroup(viewerOf(c), group);
    const providers = providersFor(services.config);
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
        deliveries={await groupDeliveryStates(services, group.groupId)}
        canInvite={Boolean(providers.email || providers.sms)}
        timeZone={services.config.timeZone}
        done={c.req.query("done")}
        n={count(c)}
        highlight={c.req.query("student")}
        query={searchQuery(c.req.query("q"))}
      />,
    );
  })

  // The confirmation of a new link for one student whose link still works (ReissueConfirmPage).
  .get("/staff/consents/:groupId/reissue", requireRoles(...ROSTER_MANAGERS), async (c) => {
    const group = await managedGroup(c);
    const row = await studentRow(c, group, c.req.query("student"));
    return staffPage(
      c,
      "Выдать новую ссылку?",
      <ReissueConfirmPage
        groupId={group.groupId}
        code={group.code}
        row={row}
        csrf={c.get("user").csrfToken}
      />,
    );
  })

  .post("/staff/consents/:groupId/reissue", requireRoles(...ROSTER_MANAGERS), async (c) => {
    const group = await managedGroup(c);
    const form = await readForm(c);
    const studentId = typeof form.studentId === "string" && form.studentId ? form.studentId : undefined;
    const services = c.get("services");
    if (studentId && form.confirm !== "on") {
      // A working link is replaced only after the confirmation page (the printed slip dies with it).
      const row = await studentRow(c, group, studentId);
      if (row.request && linkActive(row.request, today(services))) {
        return c.redirect(
          `/staff/consents/${group.groupId}/reissue?student=${encodeURIComponent(studentId)}`,
          303,
        );
      }
    }
    const issued = await reissueLinks(
      services,
      group.groupId,
      staffActor(c),
      studentId ? [studentId] : undefined,
    );
    const where = studentId
      ? `&student=${encodeURIComponent(studentId)}#s-${encodeURIComponent(studentId)}`
      : "#manage";
    return c.redirect(`/staff/consents/${group.groupId}?done=reissued&n=${issued.length}${where}`, 303);
  })

  // «Выдать ссылку обучающемуся»: the adult student's own link (replaces the parent's).
  .post("/staff/consents/:groupId/student-link", requireRoles(...ROSTER_MANAGERS), async (c) => {
    const group = await managedGroup(c);
    const form = await readForm(c);
    const studentId = typeof form.studentId === "string" ? form.studentId : "";
    await issueStudentLink(c.get("services"), group.groupId, studentId, staffActor(c));
    const at = encodeURIComponent(studentId);
    return c.redirect(`/staff/consents/${group.groupId}?done=student-link&student=${at}#a-${at}`, 303);
  })

  .post("/staff/consents/:groupId/invitations", requireRoles(...ROSTER_MANAGERS), async (c) => {
    const group = await managedGroup(c);
    await readForm(c);
    const services = c.get("services");
    const outcomes = await sendInvitations(services, {
      group,
      actor: staffActor(c),
      providers: providersFor(services.config),
    });
    const n = outcomes.filter((o) => o.result === "queued").length;
    return c.redirect(`/staff/consents/${group.groupId}?done=invited&n=${n}#manage`, 303);
  })

  .post("/staff/consents/:groupId/revoke-unclaimed", requireRoles(...ROSTER_MANAGERS), async (c) => {
    const group = await managedGroup(c);
    confirmed(await readForm(c));
    const revoked = await revokeUnclaimedLinks(c.get("services"), group.groupId, staffActor(c));
    return c.redirect(`/staff/consents/${group.groupId}?done=revoked&n=${revoked}#manage`, 303);
  });
