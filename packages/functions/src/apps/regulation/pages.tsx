import { localDate } from "@soglasie/core/clock";
import { NotFoundError, ValidationError } from "@soglasie/core/errors";
import { gendered } from "@soglasie/core/language/names";
import {
  acknowledgeRegulation,
  acknowledgmentStatus,
  pendingAcknowledgment,
} from "@soglasie/core/regulation/acknowledgment";
import { approveVersion, previewApproval } from "@soglasie/core/regulation/approve";
import { regulationDraftPdf, versionForPublicDraft } from "@soglasie/core/regulation/draft-pdf";
import { RegulationRepository } from "@soglasie/core/regulation/regulation-repository";
import { staffGender } from "@soglasie/core/staff/grammar";
import { type Context, Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { actorOf } from "../../http/actor.js";
import { requireRoles, requireStaff } from "../../http/auth.js";
import { formValue, readForm } from "../../http/body.js";
import { draftPdfResponse } from "../../http/draft-pdf.js";
import type { AppEnv, StaffEnv } from "../../http/env.js";
import { staffPage } from "../../http/nav.js";
import { pageAction, withNotice } from "../../http/page-action.js";
import { documentRedirect, mayDownload } from "./documents.js";
import { REGULATION_NOTICES, regulationNotice } from "./notices.js";
import { newVersionInput } from "./version-input.js";
import { AcknowledgeCard } from "./views/acknowledge-card.js";
import { ApprovalPreviewPage } from "./views/approval-preview-page.js";
import { RegulationsPage } from "./views/regulations-page.js";
import type { ApprovalForm } from "./views/versions-table.js";

async function regulationsPage(
  c: Context<StaffEnv>,
  opts: {
    error?: Error;
    query?: Record<string, string>;
    status?: ContentfulStatusCode;
    approval?: ApprovalForm;
  } = {},
) {
  const services = c.get("services");
  const user = c.get("user");
  const repo = new RegulationRepository(services);
  const [versions, current] = await Promise.all([repo.list(), repo.current()]);
  const oversees = user.roles.some((r) => r === "administrator" || r === "director");
  const [status, pending] = await Promise.all([
    current && oversees ? acknowledgmentStatus(services) : undefined,
    current ? pendingAcknowledgment(services, user.staff.staffId) : undefined,
  ]);
  return staffPage(
    c,
    "Положение",
    <RegulationsPage
      user={user}
      versions={versions}
      current={current}
      status={status}
      notice={opts.query ? regulationNotice(opts.query, versions, current) : undefined}
      error={opts.error}
      today={localDate(services.now(), services.config.timeZone)}
      approval={opts.approval}
      acknowledge={
        <AcknowledgeCard
          pending={pending}
          acknowledged={opts.query?.acknowledged === "1"}
          csrf={user.csrfToken}
          label={gendered(staffGender(user.staff), "Ознакомлен", "Ознакомлена")}
        />
      }
    />,
    opts.status ?? 200,
  );
}

/** A page action of this section: back to the list with a notice (its key), or the list with the refusal. */
const regulationAction = (c: Context<StaffEnv>, run: () => Promise<string>) =>
  pageAction(
    c,
    async () => run(),
    (error, status) => regulationsPage(c, { error, status }),
  );

export const regulationPages = new Hono<AppEnv>()
  // Public: the parents' page links here. The in-force version's signed PDF; before any version is
  // in force, the draft the council considers (or has adopted), marked «ПРОЕКТ» with its status.
  .get("/regulation.pdf", async (c) => {
    const services = c.get("services");
    const repo = new RegulationRepository(services);
    const current = await repo.current();
    if (current) return documentRedirect(c, current.documentId);
    const draft = versionForPublicDraft(await repo.list());
    if (!draft) {
      throw new NotFoundError(
        "Положение ещё не подготовлено: проекта пока нет. Загляните позже или спросите классного руководителя.",
      );
    }
    return draftPdfResponse(
      c,
      await regulationDraftPdf(services, draft),
      `Положение-проект-редакция-${draft.no}.pdf`,
    );
  })

  .get("/staff/regulations", requireStaff, (c) => regulationsPage(c, { query: c.req.query() }))
  .post("/staff/regulations", requireRoles("administrator"), (c) =>
    regulationAction(c, async () => {
      const input = await newVersionInput(c);
      const v = await new RegulationRepository(c.get("services")).create(input, actorOf(c, "administrator"));
      return withNotice("/staff/regulations", REGULATION_NOTICES.draft, { no: v.no });
    }),
  )
  // Readable at every stage: a version without its signed PDF is shown as a draft («ПРОЕКТ»).
  .get("/staff/regulations/:versionId/draft.pdf", requireStaff, async (c) => {
    const services = c.get("services");
    const v = await new RegulationRepository(services).require(c.req.param("versionId"));
    return draftPdfResponse(
      c,
      await regulationDraftPdf(services, v),
      `Положение-проект-редакция-${v.no}.pdf`,
    );
  })
  // Step 2 of the approval: the order as it will be signed, before «Подписать и зарегистрировать».
  .get("/staff/regulations/:versionId/approve", requireRoles("director"), async (c) => {
    const services = c.get("services");
    const versionId = c.req.param("versionId");
    const effectiveDate = (c.req.query("effectiveDate") ?? "").trim();
    try {
      const preview = await previewApproval(services, versionId, { effectiveDate }, actorOf(c, "director"));
      return staffPage(
        c,
        "Проект приказа",
        <ApprovalPreviewPage
          versionId={versionId}
          preview={preview}
          today={localDate(services.now(), services.config.timeZone)}
          csrf={c.get("user").csrfToken}
        />,
      );
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return regulationsPage(c, {
        error,
        status: 400,
        approval: { versionId, effectiveDate, fields: error.fields },
      });
    }
  })
  .get("/staff/regulations/:versionId/approve/draft.pdf", requireRoles("director"), async (c) => {
    const effectiveDate = (c.req.query("effectiveDate") ?? "").trim();
    const preview = await previewApproval(
      c.get("services"),
      c.req.param("versionId"),
      { effectiveDate },
      actorOf(c, "director"),
    );
    return draftPdfResponse(
      c,
      preview.bytes,
      `Проект-приказа-об-утверждении-Положения-${preview.versionNo}.pdf`,
    );
  })
  .post("/staff/regulations/:versionId/approve", requireRoles("director"), async (c) => {
    const versionId = c.req.param("versionId");
    const effectiveDate = formValue((await readForm(c)).effectiveDate).trim();
    return pageAction(
      c,
      async () => {
        await approveVersion(c.get("services"), versionId, { effectiveDate }, actorOf(c, "director"));
        return withNotice("/staff/regulations", REGULATION_NOTICES.approved);
      },
      // A refused date is shown next to the field of the version's approval form.
      (error, status) =>
        regulationsPage(c, {
          error,
          status,
          approval: {
            versionId,
            effectiveDate,
            ...(error instanceof ValidationError ? { fields: error.fields } : {}),
          },
        }),
    );
  })
  .post("/staff/regulations/:versionId/acknowledge", requireStaff, async (c) => {
    await acknowledgeRegulation(c.get("services"), c.req.param("versionId"), c.get("user").staff, actorOf(c));
    // Back where the button was: the regulation page or the home page.
    const from = formValue((await readForm(c)).from);
    return c.redirect(
      from === "regulations" ? "/staff/regulations?acknowledged=1#acknowledge" : "/staff?acknowledged=1",
      303,
    );
  })
  .get(
    "/staff/regulations/:versionId/text",
    requireRoles("administrator", "director", "council_secretary"),
    async (c) => {
      const repo = new RegulationRepository(c.get("services"));
      const v = await repo.require(c.req.param("versionId"));
      const text = await repo.text(v);
      return c.body(text, 200, {
        "content-type": "text/markdown; charset=utf-8",
        // An ASCII name: the file goes back into the upload form as it is.
        "content-disposition": `attachment; filename="regulation-v${v.no}.md"`,
        "cache-control": "no-store",
      });
    },
  )
  .get("/staff/regulations/documents/:documentId", requireStaff, async (c) => {
    const documentId = c.req.param("documentId");
    if (!(await mayDownload(c, documentId))) throw new NotFoundError("Документ не найден");
    return documentRedirect(c, documentId);
  });
