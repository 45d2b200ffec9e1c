import type { PepAudience } from "@soglasie/core/documents/types";
import { NotFoundError } from "@soglasie/core/errors";
import { PepRulesRepository } from "@soglasie/core/pep/pep-rules-repository";
import {
  currentPepRules,
  issuePepRulesAsDirector,
  pepRulesIssueSchema,
  pepRulesUrl,
} from "@soglasie/core/pep/rules-versions";
import { PEP_AUDIENCES, type PepRulesVersion } from "@soglasie/core/pep/types";
import type { Services } from "@soglasie/core/services";
import { type Context, Hono } from "hono";
import { actorOf } from "../../http/actor.js";
import { requireRoles } from "../../http/auth.js";
import { jsonBody } from "../../http/body.js";
import type { AppEnv } from "../../http/env.js";
import { redirectToDownload } from "../../http/exports.js";

/**
 * The rules of the simple electronic signature (63-FZ art. 9 p. 2), public like the regulation:
 *   GET  /pep-rules.pdf                    the parents' rules in force (the parent's form links here)
 *   GET  /pep-rules/:audience.pdf          the rules in force for parents | staff
 *   GET  /pep-rules/:audience/:version.pdf one version
 *   GET  /api/pep-rules                    every version of both, and the ones in force (null before the first)
 *   POST /api/pep-rules                    director: {audience, templateSource?} → the next version (201)
 * Version 1 of each is issued on first need: the first document its audience signs, or the first
 * download of the PDF (the only GETs here that may write).
 */

/** Lifetime of the download links these routes redirect to. */
const LINK_TTL_SECONDS = 300;

const isAudience = (v: string): v is PepAudience => (PEP_AUDIENCES as readonly string[]).includes(v);

async function pdfOf(c: Context<AppEnv>, documentId: string) {
  return redirectToDownload(c, await c.get("services").documents.downloadUrl(documentId, LINK_TTL_SECONDS));
}

const versionJson = (services: Services, v: PepRulesVersion) => ({
  audience: v.audience,
  version: v.version,
  number: v.number,
  date: v.date,
  documentId: v.documentId,
  pdfUrl: pepRulesUrl(services.config.publicBaseUrl, v.audience, v.version),
  verifyUrl: services.documents.verifyUrl(v.documentId),
});

export const pepRulesApp = new Hono<AppEnv>()
  .get("/pep-rules.pdf", async (c) =>
    pdfOf(c, (await currentPepRules(c.get("services"), "parents")).documentId),
  )
  .get("/pep-rules/:file", async (c) => {
    const audience = /^([a-z]+)\.pdf$/.exec(c.req.param("file"))?.[1] ?? "";
    if (!isAudience(audience)) throw new NotFoundError("Таких правил нет");
    return pdfOf(c, (await currentPepRules(c.get("services"), audience)).documentId);
  })
  .get("/pep-rules/:audience/:file", async (c) => {
    const audience = c.req.param("audience");
    const version = /^(\d{1,6})\.pdf$/.exec(c.req.param("file"))?.[1];
    if (!isAudience(audience) || !version) throw new NotFoundError("Такой редакции правил нет");
    const v = await new PepRulesRepository(c.get("services")).get(audience, Number(version));
    if (!v) throw new NotFoundError("Такой редакции правил нет");
    return pdfOf(c, v.documentId);
  })
  .get("/api/pep-rules", async (c) => {
    const services = c.get("services");
    const repo = new PepRulesRepository(services);
    const out: Record<string, unknown> = {};
    for (const audience of PEP_AUDIENCES) {
      const current = await repo.current(audience);
      out[audience] = {
        current: current ? versionJson(services, current) : null,
        versions: (await repo.list(audience)).map((v) => versionJson(services, v)),
      };
    }
    return c.json(out);
  })
  .post("/api/pep-rules", requireRoles("director"), jsonBody(pepRulesIssueSchema), async (c) => {
    const services = c.get("services");
    const user = c.get("user");
    const v = await issuePepRulesAsDirector(
      services,
      c.req.valid("json"),
      user.staff,
      actorOf(c, "director"),
    );
    return c.json(versionJson(services, v), 201);
  });
