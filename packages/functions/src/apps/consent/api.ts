import { groupArchive } from "@soglasie/core/consent/archive";
import { ConsentRequestRepository } from "@soglasie/core/consent/consent-request-repository";
import { collegeOverview, type GroupDashboard, groupDashboard } from "@soglasie/core/consent/dashboard";
import { consentsCsv, linkRows, linksCsv } from "@soglasie/core/consent/exports";
import { reissueLinks, revokeUnclaimedLinks } from "@soglasie/core/consent/links";
import { apiAlternative } from "@soglasie/core/consent/schemas";
import { linkActive } from "@soglasie/core/consent/types";
import { mayReadDocumentType } from "@soglasie/core/documents/records/access";
import { ForbiddenError, NotFoundError } from "@soglasie/core/errors";
import { canManageGroup, canSeeGroup, seesAllGroups } from "@soglasie/core/roster/access";
import { GroupRepository } from "@soglasie/core/roster/group-repository";
import { importRosterCsv } from "@soglasie/core/roster/import";
import type { Services } from "@soglasie/core/services";
import { parseInput, z } from "@soglasie/core/validation";
import { type Context, Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { requireRoles } from "../../http/auth.js";
import { readJson } from "../../http/body.js";
import type { AppEnv } from "../../http/env.js";
import { sendExport } from "../../http/exports.js";
import {
  attachment,
  CONSENT_READERS,
  fileSafe,
  managedGroup,
  ROSTER_MANAGERS,
  staffActor,
  viewerOf,
  visibleGroup,
} from "./common.js";
import { importScope } from "./roster-scope.js";

/**
 * The staff JSON API of the consent workflow (every route role-checked; a class teacher sees
 * only own groups):
 *   POST /api/roster/import                      text/csv → {imported, updated, unchanged, rejected, groupsCreated}
 *   GET  /api/groups                             visible groups with consent counts
 *   GET  /api/groups/:groupId/consents           each student's status and decision
 *   GET  /api/groups/:groupId/links.csv|.pdf     personal links (CSV; cut-out slips with QR codes)
 *   GET  /api/groups/:groupId/consents.csv       the dashboard for Excel
 *   GET  /api/groups/:groupId/documents.zip      every signed consent and refusal
 *   POST /api/groups/:groupId/links/reissue      {studentIds?} → new links (old ones stop working)
 *   POST /api/groups/:groupId/revoke-unclaimed   clause 2.3, one group
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

export const MAX_ROSTER_UPLOAD = 5 * 1024 * 1024;

export function groupsJson(overview: Awaited<ReturnType<typeof collegeOverview>>) {
  return {
    today: overview.today,
    totals: overview.totals,
    groups: overview.groups.map(({ group, counts }) => ({
      groupId: group.groupId,
      code: group.code,
      classTeacherIds: group.classTeacherIds,
      counts,
    })),
  };
}

export function dashboardJson(services: Services, d: GroupDashboard) {
  return {
    group: { groupId: d.group.groupId, code: d.group.code, classTeacherIds: d.group.classTeacherIds },
    today: d.today,
    counts: d.counts,
    alternatives: Object.fromEntries(
      Object.entries(d.alternatives).map(([k, n]) => [apiAlternative(k as never), n]),
    ),
    students: d.rows.map(({ student, request, status }) => ({
      studentId: student.studentId,
      fullName: student.fullName,
      parentName: student.parentName,
      status,
      link: request
        ? {
            expiresOn: request.expiresOn,
            active: linkActive(request, d.today),
            revoked: Boolean(request.linkRevokedAt),
          }
        : null,
      decision: request?.decision
        ? {
            decision: request.decision.decision,
            documentId: request.decision.documentId,
            documentNumber: request.decision.documentNumber,
            decidedAt: request.decision.decidedAt,
            signedBy: request.decision.parentName,
            relation: request.decision.relation,
            alternatives: request.decision.alternatives.map(apiAlternative),
            pdfUrl: `${services.config.publicBaseUrl}/api/documents/${request.decision.documentId}/pdf`,
          }
        : null,
    })),
  };
}

const reissueSchema = z.object({
  studentIds: z.array(z.string().uuid("Неверный идентификатор")).min(1).max(200).optional(),
});

/** JSON body or an empty one (a bare POST re-issues every dead link of the group). */
async function optionalJson<S extends z.ZodType>(c: Context<AppEnv>, schema: S): Promise<z.output<S>> {
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

export async function readCsvBody(c: Context<AppEnv>): Promise<Uint8Array> {
  const type = (c.req.header("content-type") ?? "").toLowerCase();
  if (
    !type.startsWith("text/csv") &&
    !type.startsWith("text/plain") &&
    !type.startsWith("application/octet-stream")
  ) {
    throw new HTTPException(415, { message: "Отправьте файл CSV (Content-Type: text/csv)" });
  }
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  if (bytes.byteLength > MAX_ROSTER_UPLOAD) {
    throw new HTTPException(413, { message: "Файл списка больше 5 МБ: разделите его на части" });
  }
  return bytes;
}

export const consentApi = new Hono<AppEnv>()
  .post("/api/roster/import", requireRoles(...ROSTER_MANAGERS), async (c) => {
    const bytes = await readCsvBody(c);
    const services = c.get("services");
    const result = await importRosterCsv(services, bytes, staffActor(c), await importScope(c));
    return c.json(result);
  })

  .get("/api/groups", requireRoles(...CONSENT_READERS), async (c) => {
    const viewer = viewerOf(c);
    return c.json(groupsJson(await collegeOverview(c.get("services"), (g) => canSeeGroup(viewer, g))));
  })

  .post("/api/groups/revoke-unclaimed", requireRoles("administrator"), async (c) => {
    // Irreversible for the whole college: the request must say so explicitly, like the page's checkbox.
    await readJson(c, confirmSchema);
    const services = c.get("services");
    const groups = await new GroupRepository(services).list();
    let revoked = 0;
    for (const g of groups)
      revoked += await revokeUnclaimedLinks(services, g.groupId, staffActor(c, ["administrator"]));
    return c.json({ revoked, groups: groups.length });
  })

  .get("/api/groups/:groupId/consents", requireRoles(...CONSENT_READERS), async (c) => {
    const services = c.get("services");
    return c.json(dashboardJson(services, await groupDashboard(services, await visibleGroup(c))));
  })

  // Links are bearer secrets: only those who hand them out get them (not the director).
  .get("/api/groups/:groupId/links.csv", requireRoles(...ROSTER_MANAGERS), async (c) => {
    const services = c.get("services");
    const group = await managedGroup(c);
    const csv = linksCsv(linkRows(services, await groupDashboard(services, group)));
    return c.body(csv, 200, {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": attachment(`Ссылки_${fileSafe(group.code)}.csv`),
      "cache-control": "no-store",
    });
  })

  .get("/api/groups/:groupId/links.pdf", requireRoles(...ROSTER_MANAGERS), async (c) => {
    const services = c.get("services");
    const group = await managedGroup(c);
    const onlyPending = c.req.query("only") === "pending";
    const slips = linkRows(services, await groupDashboard(services, group))
      .filter((r) => r.url && (!onlyPending || !r.decided))
      .map((r) => ({ group: r.group, student: r.student, url: r.url!, expiresOn: r.expiresOn }));
    // The PDF engine loads on the first slip sheet, not at start (cold start of the consent function).
    const { linkSlipsPdf } = await import("@soglasie/core/consent/slips");
    const pdf = await linkSlipsPdf(services.config.org, slips, `Ссылки для родителей, группа ${group.code}`);
    return c.body(new Uint8Array(pdf) as Uint8Array<ArrayBuffer>, 200, {
      "content-type": "application/pdf",
      "content-disposition": attachment(`Ссылки_${fileSafe(group.code)}.pdf`),
      "cache-control": "no-store",
    });
  })

  .get("/api/groups/:groupId/consents.csv", requireRoles(...CONSENT_READERS), async (c) => {
    const services = c.get("services");
    const group = await visibleGroup(c);
    const csv = consentsCsv(await groupDashboard(services, group), services.config.timeZone);
    return c.body(csv, 200, {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": attachment(
        `Согласия_${fileSafe(group.code)}_${services.now().toISOString().slice(0, 10)}.csv`,
      ),
      "cache-control": "no-store",
    });
  })

  .get("/api/groups/:groupId/documents.zip", requireRoles(...CONSENT_READERS), async (c) => {
    const services = c.get("services");
    const group = await visibleGroup(c);
    const stream = await groupArchive(services, await groupDashboard(services, group));
    // Large archives go through S3 (API Gateway → Lambda carries at most 6 MB).
    return sendExport(c, stream, {
      filename: `Документы_${fileSafe(group.code)}.zip`,
      contentType: "application/zip",
    });
  })

  .post("/api/groups/:groupId/links/reissue", requireRoles(...ROSTER_MANAGERS), async (c) => {
    const group = await managedGroup(c);
    const body = await optionalJson(c, reissueSchema);
    const reissued = await reissueLinks(c.get("services"), group.groupId, staffActor(c), body.studentIds);
    return c.json({ reissued });
  })

  .post("/api/groups/:groupId/revoke-unclaimed", requireRoles(...ROSTER_MANAGERS), async (c) => {
    const group = await managedGroup(c);
    const revoked = await revokeUnclaimedLinks(c.get("services"), group.groupId, staffActor(c));
    return c.json({ revoked });
  })

  .get("/api/documents/:documentId/pdf", requireRoles(), async (c) => {
    const services = c.get("services");
    const record = await services.documents.get(c.req.param("documentId"));
    if (!record) throw new NotFoundError("Документ не найден");
    if (!mayReadDocumentType(c.get("user")!.roles, record.type))
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
    return c.body(new Uint8Array(bytes) as Uint8Array<ArrayBuffer>, 200, {
      "content-type": "application/pdf",
      "content-disposition": attachment(`${fileSafe(record.number)}_${record.date}.pdf`),
      "cache-control": "private, no-store",
    });
  });
