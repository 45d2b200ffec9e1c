import { NotFoundError } from "@soglasie/core/errors";
import { acknowledgeRegulation, acknowledgmentStatus } from "@soglasie/core/regulation/acknowledgment";
import { approveInputSchema, approveVersion, previewApproval } from "@soglasie/core/regulation/approve";
import { regulationDraftPdf } from "@soglasie/core/regulation/draft-pdf";
import { RegulationRepository } from "@soglasie/core/regulation/regulation-repository";
import { repealInputSchema, repealVersion } from "@soglasie/core/regulation/repeal";
import { Hono } from "hono";
import { actorOf } from "../../http/actor.js";
import { requireRoles, requireStaff } from "../../http/auth.js";
import { jsonBody } from "../../http/body.js";
import { draftPdfResponse } from "../../http/draft-pdf.js";
import type { AppEnv } from "../../http/env.js";
import { acknowledgedJson, acknowledgmentsJson, approvalJson, currentJson, versionJson } from "./json.js";
import { newVersionInput, optionalJson } from "./version-input.js";

export const regulationApi = new Hono<AppEnv>()
  .get("/api/regulations", requireStaff, async (c) => {
    const repo = new RegulationRepository(c.get("services"));
    const [versions, current] = await Promise.all([repo.list(), repo.current()]);
    return c.json({ current: currentJson(current), versions: versions.map(versionJson) });
  })
  .post("/api/regulations", requireRoles("administrator"), async (c) => {
    const input = await newVersionInput(c);
    const v = await new RegulationRepository(c.get("services")).create(input, actorOf(c, "administrator"));
    return c.json(versionJson(v), 201);
  })
  .get("/api/regulations/current", requireStaff, async (c) => {
    return c.json({ current: currentJson(await new RegulationRepository(c.get("services")).current()) });
  })
  .get("/api/regulations/:versionId", requireStaff, async (c) => {
    const repo = new RegulationRepository(c.get("services"));
    return c.json(versionJson(await repo.require(c.req.param("versionId"))));
  })
  .get("/api/regulations/:versionId/draft.pdf", requireStaff, async (c) => {
    const services = c.get("services");
    const v = await new RegulationRepository(services).require(c.req.param("versionId"));
    return draftPdfResponse(c, await regulationDraftPdf(services, v), `regulation-draft-v${v.no}.pdf`);
  })
  // The approval order as it will be signed, marked «ПРОЕКТ»: same checks, nothing written.
  .post("/api/regulations/:versionId/approve/preview", requireRoles("director"), async (c) => {
    const body = await optionalJson(c, approveInputSchema);
    const p = await previewApproval(
      c.get("services"),
      c.req.param("versionId"),
      body,
      actorOf(c, "director"),
    );
    return draftPdfResponse(c, p.bytes, `order-approve-regulation-draft-v${p.versionNo}.pdf`);
  })
  .post("/api/regulations/:versionId/approve", requireRoles("director"), async (c) => {
    const body = await optionalJson(c, approveInputSchema);
    const o = await approveVersion(c.get("services"), c.req.param("versionId"), body, actorOf(c, "director"));
    return c.json(approvalJson(o), 201);
  })
  .post(
    "/api/regulations/:versionId/repeal",
    requireRoles("director"),
    jsonBody(repealInputSchema),
    async (c) => {
      const v = await repealVersion(
        c.get("services"),
        c.req.param("versionId"),
        c.req.valid("json"),
        actorOf(c, "director"),
      );
      return c.json(versionJson(v));
    },
  )
  .post("/api/regulations/:versionId/acknowledge", requireStaff, async (c) => {
    const r = await acknowledgeRegulation(
      c.get("services"),
      c.req.param("versionId"),
      c.get("user").staff,
      actorOf(c),
    );
    return c.json(acknowledgedJson(r), r.alreadyConfirmed ? 200 : 201);
  })
  .get(
    "/api/regulations/:versionId/acknowledgments",
    requireRoles("administrator", "director"),
    async (c) => {
      const status = await acknowledgmentStatus(c.get("services"), c.req.param("versionId"));
      if (!status) throw new NotFoundError("Эта редакция сейчас не действует");
      return c.json(acknowledgmentsJson(status));
    },
  );
