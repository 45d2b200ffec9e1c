import { localDate } from "@soglasie/core/clock";
import { NotFoundError, ValidationError } from "@soglasie/core/errors";
import { gendered } from "@soglasie/core/language/names";
import {
  acknowledgeRegulation,
  acknowledgmentStatus,
  pendingAcknowledgment,
} from "@soglasie/core/regulation/acknowledgment";
import { approveVersion } from "@soglasie/core/regulation/approve";
import { RegulationRepository } from "@soglasie/core/regulation/regulation-repository";
import { staffGender } from "@soglasie/core/staff/grammar";
import { type Context, Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { actorOf } from "../../http/actor.js";
import { requireRoles, requireStaff } from "../../http/auth.js";
import { formValue, readForm } from "../../http/body.js";
import type { AppEnv, StaffEnv } from "../../http/env.js";
import { staffPage } from "../../http/nav.js";
import { pageAction, withNotice } from "../../http/page-action.js";
import { documentRedirect, mayDownload } from "./documents.js";
import { REGULATION_NOTICES, regulationNotice } from "./notices.js";
import { newVersionInput } from "./version-input.js";
import { AcknowledgeCard } from "./views/acknowledge-card.js";
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
  // Public: the parents' page links here. Always the in-force version's signed PDF.
  .get("/regulation.pdf", async (c) => {
    const current = await new RegulationRepository(c.get("services")).current();
    if (!current) {
      throw new NotFoundError(
        "Действующей редакции Положения пока нет: оно ещё не утверждено приказом директора. Загляните позже.",
      );
    }
    return documentRedirect(c, current.documentId);
  })

  .get("/staff/regulations", requireStaff, (c) => regulationsPage(c, { query: c.req.query() }))
  .post("/staff/regulations", requireRoles("administrator"), (c) =>
    regulationAction(c, async () => {
      const input = await newVersionInput(c);
      const v = await new RegulationRepository(c.get("services")).create(input, actorOf(c, "administrator"));
      return withNotice("/staff/regulations", REGULATION_NOTICES.draft, { no: v.no });
    }),
  )
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
