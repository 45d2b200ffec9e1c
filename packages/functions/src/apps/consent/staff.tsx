import { collegeOverview, groupDashboard } from "@soglasie/core/consent/dashboard";
import { linkFor, reissueLinks, revokeUnclaimedLinks } from "@soglasie/core/consent/links";
import { linkActive } from "@soglasie/core/consent/types";
import { DomainError, ValidationError } from "@soglasie/core/errors";
import { csvDocument } from "@soglasie/core/exports/csv";
import { canManageGroup, canSeeGroup, seesAllGroups } from "@soglasie/core/roster/access";
import { GroupRepository } from "@soglasie/core/roster/group-repository";
import { type ImportResult, importRosterCsv } from "@soglasie/core/roster/import";
import { StaffRepository } from "@soglasie/core/staff/staff-repository";
import { type Context, Hono } from "hono";
import { requireRoles } from "../../http/auth.js";
import { parseFormBody, readForm } from "../../http/body.js";
import type { AppEnv } from "../../http/env.js";
import { staffPage } from "../../http/nav.js";
import { MAX_ROSTER_UPLOAD } from "./api.js";
import {
  attachment,
  CONSENT_READERS,
  managedGroup,
  ROSTER_MANAGERS,
  staffActor,
  viewerOf,
  visibleGroup,
} from "./common.js";
import { importScope } from "./roster-scope.js";
import { GroupPage, OverviewPage, type RosterGroupRow, RosterPage } from "./staff-views.js";

/**
 * Staff pages of the consent workflow: the college overview (/staff/consents), a group's
 * dashboard (/staff/consents/:groupId) with its link actions, and the roster (/staff/roster).
 * Forms post back here and redirect (303) with a short notice code.
 */

const count = (c: Context<AppEnv>) => {
  const n = Number(c.req.query("n"));
  return Number.isFinite(n) && n >= 0 ? Math.floor(n) : 0;
};

async function teacherNames(c: Context<AppEnv>, ids: string[]): Promise<string[]> {
  const repo = new StaffRepository(c.get("services"));
  const staff = await Promise.all(ids.map((id) => repo.get(id)));
  return staff.filter((s) => s !== undefined).map((s) => s.fullName);
}

function confirmed(form: Record<string, string | string[]>) {
  if (form.confirm !== "on") {
    throw new ValidationError("Подтвердите аннулирование: отметьте галочку", {
      confirm: ["Отметьте галочку подтверждения"],
    });
  }
}

async function rosterPage(
  c: Context<AppEnv>,
  opts: { result?: ImportResult; error?: string; fields?: Record<string, string[]>; status?: 200 | 400 } = {},
) {
  const services = c.get("services");
  const viewer = viewerOf(c);
  const overview = await collegeOverview(
    services,
    (g) => canManageGroup(viewer, g) || canSeeGroup(viewer, g),
  );
  const staff = new Map((await new StaffRepository(services).list()).map((s) => [s.staffId, s.fullName]));
  const groups: RosterGroupRow[] = overview.groups.map(({ group, counts }) => ({
    groupId: group.groupId,
    code: group.code,
    students: counts.total,
    teachers: group.classTeacherIds.map((id) => staff.get(id)).filter((n): n is string => Boolean(n)),
  }));
  return staffPage(
    c,
    "Контингент и ссылки",
    <RosterPage
      groups={groups}
      csrf={c.get("user")!.csrfToken}
      admin={viewer.roles.includes("administrator")}
      result={opts.result}
      error={opts.error}
      fields={opts.fields}
    />,
    opts.status ?? 200,
  );
}

const TEMPLATE = csvDocument(
  ["Группа", "ФИО обучающегося", "ФИО родителя (законного представителя)", "Телефон", "Email"],
  [
    ["ТМ-21", "Иванов Иван Иванович", "Иванова Мария Петровна", "+7 914 123-45-67", "ivanova@example.ru"],
    ["ТМ-21", "Петрова Анна Сергеевна", "Петров Сергей Николаевич", "", ""],
  ],
);

export const consentStaffApp = new Hono<AppEnv>()
  .get("/staff/consents", requireRoles(...CONSENT_READERS), async (c) => {
    const viewer = viewerOf(c);
    const overview = await collegeOverview(c.get("services"), (g) => canSeeGroup(viewer, g));
    return staffPage(
      c,
      "Согласия родителей",
      <OverviewPage
        overview={overview}
        admin={viewer.roles.includes("administrator")}
        csrf={c.get("user")!.csrfToken}
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
      revoked += await revokeUnclaimedLinks(services, g.groupId, staffActor(c, ["administrator"]));
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
        csrf={c.get("user")!.csrfToken}
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
  })

  .get("/staff/roster", requireRoles(...ROSTER_MANAGERS), (c) => rosterPage(c))

  .get("/staff/roster/template.csv", requireRoles(...ROSTER_MANAGERS), (c) =>
    c.body(TEMPLATE, 200, {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": attachment("Образец_списка.csv"),
    }),
  )

  .post("/staff/roster/import", requireRoles(...ROSTER_MANAGERS), async (c) => {
    const body = await parseFormBody(c);
    const file = body.file;
    if (!(file instanceof File) || file.size === 0) {
      return rosterPage(c, {
        error: "Выберите файл списка",
        fields: { file: ["Выберите файл CSV"] },
        status: 400,
      });
    }
    if (file.size > MAX_ROSTER_UPLOAD) {
      return rosterPage(c, {
        error: "Файл больше 5 МБ",
        fields: { file: ["Файл больше 5 МБ: разделите его на части"] },
        status: 400,
      });
    }
    try {
      const result = await importRosterCsv(
        c.get("services"),
        new Uint8Array(await file.arrayBuffer()),
        staffActor(c),
        await importScope(c),
      );
      return rosterPage(c, { result });
    } catch (error) {
      if (error instanceof ValidationError)
        return rosterPage(c, { error: error.message, fields: error.fields, status: 400 });
      if (error instanceof DomainError) return rosterPage(c, { error: error.message, status: 400 });
      throw error;
    }
  });
