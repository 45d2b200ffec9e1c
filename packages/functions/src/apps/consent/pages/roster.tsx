import { collegeOverview } from "@soglasie/core/consent/dashboard";
import { DomainError, ValidationError } from "@soglasie/core/errors";
import { canManageGroup, canSeeGroup } from "@soglasie/core/roster/access";
import { type ImportResult, importRosterCsv } from "@soglasie/core/roster/import";
import { StaffRepository } from "@soglasie/core/staff/staff-repository";
import { type Context, Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { requireRoles } from "../../../http/auth.js";
import { parseFormBody } from "../../../http/body.js";
import type { AppEnv, StaffEnv } from "../../../http/env.js";
import { sendFile } from "../../../http/exports.js";
import { staffPage } from "../../../http/nav.js";
import { pageAction, type Refusals } from "../../../http/page-action.js";
import { importScope, ROSTER_MANAGERS, staffActor, viewerOf } from "../access.js";
import { MAX_ROSTER_UPLOAD, notCsvReason, ROSTER_TEMPLATE } from "../roster-file.js";
import { type RosterGroupRow, RosterPage } from "../views/staff/roster-page.js";

/** The roster (/staff/roster): the groups with their links, and the upload of a student list. */

async function rosterPage(
  c: Context<StaffEnv>,
  opts: {
    result?: ImportResult;
    error?: string;
    fields?: Record<string, string[]>;
    status?: ContentfulStatusCode;
  } = {},
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
      csrf={c.get("user").csrfToken}
      admin={viewer.roles.includes("administrator")}
      result={opts.result}
      error={opts.error}
      fields={opts.fields}
    />,
    opts.status ?? 200,
  );
}

/** A refused file of any kind (bad rows, too many, unreadable) is shown on the upload form. */
const fileRefusals: Refusals = (e) => (e instanceof DomainError ? 400 : undefined);

export const rosterPages = new Hono<AppEnv>()
  .get("/staff/roster", requireRoles(...ROSTER_MANAGERS), (c) => rosterPage(c))

  .get("/staff/roster/template.csv", requireRoles(...ROSTER_MANAGERS), (c) =>
    sendFile(c, ROSTER_TEMPLATE, {
      filename: "Образец_списка.csv",
      contentType: "text/csv; charset=utf-8",
      cache: false,
    }),
  )

  .post("/staff/roster/import", requireRoles(...ROSTER_MANAGERS), async (c) => {
    const file = (await parseFormBody(c)).file;
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
    const bytes = new Uint8Array(await file.arrayBuffer());
    const notCsv = notCsvReason(bytes);
    if (notCsv) {
      return rosterPage(c, { error: "Список не загружен", fields: { file: [notCsv] }, status: 400 });
    }
    return pageAction(
      c,
      async () => {
        const result = await importRosterCsv(c.get("services"), bytes, staffActor(c), await importScope(c));
        return rosterPage(c, { result });
      },
      (error, status) => {
        const fields = error instanceof ValidationError ? error.fields : undefined;
        // A reason that is the file's only field error is said once, at the field's link.
        const once = fields?.file?.length === 1 && fields.file[0] === error.message;
        return rosterPage(c, { error: once ? "Список не загружен" : error.message, fields, status });
      },
      fileRefusals,
    );
  });
