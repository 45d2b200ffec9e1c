import { groupArchive, PARENT_DOCUMENT_TYPES } from "@soglasie/core/consent/archive";
import { ConsentRequestRepository } from "@soglasie/core/consent/consent-request-repository";
import { collegeOverview, groupDashboard } from "@soglasie/core/consent/dashboard";
import { consentsCsv, linkRows, linksCsv } from "@soglasie/core/consent/exports";
import { issueStudentLink, reissueLinks, revokeUnclaimedLinks } from "@soglasie/core/consent/links";
import { mayReadDocumentType } from "@soglasie/core/documents/records/access";
import { ForbiddenError, NotFoundError, ValidationError } from "@soglasie/core/errors";
import { groupDeliveryStates, sendInvitations } from "@soglasie/core/messages/invitations";
import { providersFor } from "@soglasie/core/messages/providers/index";
import { canManageGroup, canSeeGroup, seesAllGroups } from "@soglasie/core/roster/access";
import { GroupRepository } from "@soglasie/core/roster/group-repository";
import { importRosterCsv } from "@soglasie/core/roster/import";
import { parseInput, z } from "@soglasie/core/validation";
import { type Context, Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { actorOf } from "../../../http/actor.js";
import { fileSafe } from "../../../http/attachment.js";
import { requireRoles, requireStaff } from "../../../http/auth.js";
import { jsonBody } from "../../../http/body.js";
import type { AppEnv } from "../../../http/env.js";
import { sendExport, sendFile } from "../../../http/exports.js";
import {
  CONSENT_READERS,
  importScope,
  managedGroup,
  ROSTER_MANAGERS,
  staffActor,
  viewerOf,
  visibleGroup,
} from "../access.js";
import { dashboardJson, groupsJson } from "../json.js";
import { readCsvBody } from "../roster-file.js";

/**
 * The staff JSON API of the consent workflow (every route role-checked; a class teacher sees
 * only own groups):
 *   POST /api/roster/import                      text/csv → {imported, updated, unchanged, rejected, groupsCreated}
 *   GET  /api/groups                             visible groups with consent counts
 *   GET  /api/groups/:groupId/consents           each student's status and decision
 *   GET  /api/groups/:groupId/links.csv|.pdf     personal links (CSV; cut-out slips with QR codes)
 *   GET  /api/groups/:groupId/consents.csv       the dashboard for Excel
 *   GET  /api/groups/:groupId/documents.zip      every signed parents' document the role may read
 *   POST /api/groups/:groupId/links/reissue      {studentIds?} → new links (old ones stop working)
 *   GET  /api/groups?with=adultConfirmation  adds «нужно подтверждение совершеннолетнего» per group
 *   POST /api/groups/:groupId/students/:studentId/student-link → 201 the adult student's own link
 *        (replaces the parent's; 409 `student_not_adult` before 18 or without a date of birth)
 *   POST /api/groups/:groupId/revoke-unclaimed   clause 2.3, one group
 *   POST /api/groups/:groupId/invitations        {studentIds?, again?} → personal links by e-mail/SMS
 *   POST /api/groups/revoke-unclaimed            clause 2.3, the whole college (administrator)
 *   GET  /api/documents/:documentId/pdf          a signed document, if the role may see it
 */

const confirmSchema = z
  .object({
    confirm: z.literal(
      true,
      'Подтвердите аннулирование всех невостребованных ссылок колледжа: {"confirm": true}',
    ),
  })
  .strict();

const reissueSchema = z.object({
  studentIds: z.array(z.string().uuid("Неверный идентификатор")).min(1).max(200).optional(),
});

/**
 * A JSON body or an empty one (a bare POST re-issues every dead link of the group), read after the
 * group check: a group the person may not manage is a 403 whatever the body.
 */
async function optionalJson<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  const text = await c.req.text();
  if (!text.trim()) return parseInput(schema, {});
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new HTTPException(400, { message: "Тело запроса не является корректным JSON" });
  }
  return parseInput(schema, body);
}

const invitationsSchema = z
  .object({
    studentIds: z.array(z.string().uuid("Неверный идентификатор")).min(1).max(500).optional(),
    again: z.boolean({ error: "again: true или false" }).optional(),
  })
  .strict();

const csv = { contentType: "text/csv; charset=utf-8" };
const pdf = { contentType: "application/pdf" };

export const consentApi = new Hono<AppEnv>()
  .post("/api/roster/import", requireRoles(...ROSTER_MANAGERS), async (c) => {
    const bytes = await readCsvBody(c);
    const services = c.get("services");
    const result = await importRosterCsv(services, bytes, staffActor(c), await importScope(c));
    return c.json(result);
  })

  .get("/api/groups", requireRoles(...CONSENT_READERS), async (c) => {
    const viewer = viewerOf(c);
    // «Нужно подтверждение совершеннолетнего» costs a query per group (docs/students.md): on request.
    const adultConfirmation = c.req.query("with") === "adultConfirmation";
    return c.json(
      groupsJson(
        await collegeOverview(c.get("services"), (g) => canSeeGroup(viewer, g), { adultConfirmation }),
        adultConfirmation,
      ),
    );
  })

  // Irreversible for the whole college: the request must say so explicitly, like the page's checkbox.
  .post("/api/groups/revoke-unclaimed", requireRoles("administrator"), jsonBody(confirmSchema), async (c) => {
    const services = c.get("services");
    const groups = await new GroupRepository(services).list();
    let revoked = 0;
    for (const g of groups)
      revoked += await revokeUnclaimedLinks(services, g.groupId, actorOf(c, "administrator"));
    return c.json({ revoked, groups: groups.length });
  })

  .get("/api/groups/:groupId/consents", requireRoles(...CONSENT_READERS), async (c) => {
    const services = c.get("services");
    const group = await visibleGroup(c);
    const [dashboard, deliveries] = await Promise.all([
      groupDashboard(services, group),
      groupDeliveryStates(services, group.groupId),
    ]);
    return c.json(dashboardJson(services, dashboard, deliveries));
  })

  // Links are bearer secrets: only those who hand them out get them (not the director).
  .get("/api/groups/:groupId/links.csv", requireRoles(...ROSTER_MANAGERS), async (c) => {
    const services = c.get("services");
    const group = await managedGroup(c);
    const rows = linkRows(services, await groupDashboard(services, group));
    return sendFile(c, linksCsv(rows), { ...csv, filename: `Ссылки_${fileSafe(group.code)}.csv` });
  })

  .get("/api/groups/:groupId/links.pdf", requireRoles(...ROSTER_MANAGERS), async (c) => {
    const services = c.get("services");
    const group = await managedGroup(c);
    const onlyPending = c.req.query("only") === "pending";
    const slips = linkRows(services, await groupDashboard(services, group)).flatMap((r) =>
      r.url && (!onlyPending || !r.decided)
        ? [
            {
              group: r.group,
              student: r.student,
              url: r.url,
              expiresOn: r.expiresOn,
              respondent: r.respondent,
            },
          ]
        : [],
    );
    // The PDF engine loads on the first slip sheet, not at start (cold start of the consent function).
    const { linkSlipsPdf } = await import("@soglasie/core/consent/slips");
    const bytes = await linkSlipsPdf(services.config.org, slips, `Персональные ссылки, группа ${group.code}`);
    // The slips of those who have not answered get a name of their own: both files end up in one folder.
    const name = onlyPending
      ? `Ссылки_не_ответившие_${fileSafe(group.code)}`
      : `Ссылки_${fileSafe(group.code)}`;
    return sendFile(c, new Uint8Array(bytes), { ...pdf, filename: `${name}.pdf` });
  })

  .get("/api/groups/:groupId/consents.csv", requireRoles(...CONSENT_READERS), async (c) => {
    const services = c.get("services");
    const group = await visibleGroup(c);
    const today = services.now().toISOString().slice(0, 10);
    return sendFile(c, consentsCsv(await groupDashboard(services, group), services.config.timeZone), {
      ...csv,
      filename: `Согласия_${fileSafe(group.code)}_${today}.csv`,
    });
  })

  .get("/api/groups/:groupId/documents.zip", requireRoles(...CONSENT_READERS), async (c) => {
    const services = c.get("services");
    const group = await visibleGroup(c);
    const roles = c.get("user").roles;
    const stream = await groupArchive(
      services,
      await groupDashboard(services, group),
      PARENT_DOCUMENT_TYPES.filter((type) => mayReadDocumentType(roles, type)),
    );
    // Large archives go through S3 (API Gateway → Lambda carries at most 6 MB).
    return sendExport(c, stream, {
      filename: `Документы_${fileSafe(group.code)}.zip`,
      contentType: "application/zip",
    });
  })

  .post("/api/groups/:groupId/links/reissue", requireRoles(...ROSTER_MANAGERS), async (c) => {
    const group = await managedGroup(c);
    const body = await optionalJson(c, reissueSchema);
    return c.json({
      reissued: await reissueLinks(c.get("services"), group.groupId, staffActor(c), body.studentIds),
    });
  })

  .post(
    "/api/groups/:groupId/students/:studentId/student-link",
    requireRoles(...ROSTER_MANAGERS),
    async (c) => {
      const group = await managedGroup(c);
      const issued = await issueStudentLink(
        c.get("services"),
        group.groupId,
        c.req.param("studentId"),
        staffActor(c),
      );
      return c.json(issued, 201);
    },
  )

  .post("/api/groups/:groupId/invitations", requireRoles(...ROSTER_MANAGERS), async (c) => {
    const group = await managedGroup(c);
    const body = await optionalJson(c, invitationsSchema);
    const services = c.get("services");
    const providers = providersFor(services.config);
    if (!providers.email && !providers.sms)
      throw new ValidationError("Отправка почты и SMS не настроена (MAIL_FROM, SMSRU_API_ID)");
    const outcomes = await sendInvitations(services, {
      group,
      studentIds: body.studentIds,
      again: body.again,
      actor: staffActor(c),
      providers,
    });
    return c.json(
      {
        queued: outcomes.filter((o) => o.result === "queued").length,
        students: outcomes,
      },
      202,
    );
  })

  .post("/api/groups/:groupId/revoke-unclaimed", requireRoles(...ROSTER_MANAGERS), async (c) => {
    const group = await managedGroup(c);
    return c.json({ revoked: await revokeUnclaimedLinks(c.get("services"), group.groupId, staffActor(c)) });
  })

  .get("/api/documents/:documentId/pdf", requireStaff, async (c) => {
    const services = c.get("services");
    const record = await services.documents.get(c.req.param("documentId"));
    if (!record) throw new NotFoundError("Документ не найден");
    if (!mayReadDocumentType(c.get("user").roles, record.type))
      throw new ForbiddenError("Нет доступа к этому документу");
    if (record.owner.type === "consent-request") {
      // A parent's document: only those who may see the student's group.
      const viewer = viewerOf(c);
      const request = await new ConsentRequestRepository(services).findById(record.owner.id);
      const group = request ? await new GroupRepository(services).get(request.groupId) : undefined;
      if (!group) throw new NotFoundError("Документ не найден");
      if (!seesAllGroups(viewer) && !canSeeGroup(viewer, group) && !canManageGroup(viewer, group)) {
        throw new ForbiddenError("Документ относится к группе другого классного руководителя");
      }
    }
    const bytes = await services.documents.pdf(record);
    return sendFile(c, new Uint8Array(bytes), {
      ...pdf,
      filename: `${fileSafe(record.number)}_${record.date}.pdf`,
      cache: "private, no-store",
    });
  });
