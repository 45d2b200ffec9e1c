import { submitDecision } from "@soglasie/core/consent/decisions";
import type { LinkContext } from "@soglasie/core/consent/links";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "@soglasie/core/errors";
import { type Context, Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { sameSecret } from "../../../http/auth.js";
import { clientAddress, readForm } from "../../../http/body.js";
import type { AppEnv } from "../../../http/env.js";
import { statusOf } from "../../../http/errors.js";
import { sendFile } from "../../../http/exports.js";
import { page } from "../../../http/layout.js";
import { pageAction, type Refusals } from "../../../http/page-action.js";
import {
  csrfOf,
  documentUrl,
  isLinkProblem,
  linkForPage,
  linkPageProps,
  linkProblem,
  PRIVATE_HEADERS,
  privateHeaders,
  regulationRef,
  resolveLink,
} from "../parent-link.js";
import { type FormValues, ParentPage } from "../views/parent/parent-page.js";
import { ReceiptPage } from "../views/parent/receipt-page.js";

/**
 * The parent's pages, reached only through the personal link:
 *   GET  /c/:token                 the form (and the current decision, if any)
 *   POST /c/:token                 the signed answer (form) → 303 to the receipt
 *   GET  /c/:token/receipt         the receipt: number, download, verification link
 *   GET  /c/:token/documents/:id   a signed PDF of this link's request
 */

async function renderForm(
  c: Context<AppEnv>,
  token: string,
  ctx: LinkContext,
  opts: {
    values?: FormValues;
    error?: string;
    fields?: Record<string, string[]>;
    status?: ContentfulStatusCode;
  } = {},
) {
  const services = c.get("services");
  const current = ctx.request.decision;
  privateHeaders(c);
  return c.html(
    page(
      <ParentPage
        {...linkPageProps(services, ctx)}
        expiresOn={ctx.request.expiresOn}
        regulation={await regulationRef(services)}
        current={
          current ? { ...current, pdfUrl: documentUrl(services, token, current.documentId) } : undefined
        }
        csrf={csrfOf(services, token)}
        action={`/c/${token}`}
        values={opts.values ?? { relation: current?.relation }}
        error={opts.error}
        fields={opts.fields}
      />,
    ),
    opts.status ?? 200,
  );
}

function formValues(form: Record<string, string | string[]>): FormValues {
  const one = (k: string) =>
    typeof form[k] === "string" ? (form[k] as string) : Array.isArray(form[k]) ? form[k][0] : undefined;
  const many = form.alternatives;
  return {
    decision: one("decision"),
    parentName: one("parentName"),
    relation: one("relation"),
    alternatives: many === undefined ? [] : Array.isArray(many) ? many : [many],
    confirm: one("confirm") === "on",
  };
}

/** A dead link gets its own page; refused input the form again (400); a changed request (409) too. */
const decisionRefusals: Refusals = (e) =>
  isLinkProblem(e)
    ? statusOf(e)
    : e instanceof ValidationError
      ? 400
      : e instanceof ConflictError
        ? 409
        : undefined;

export const parentPages = new Hono<AppEnv>()
  .get("/c/:token", async (c) => {
    const token = c.req.param("token");
    const ctx = await linkForPage(c, token);
    return ctx instanceof Response ? ctx : renderForm(c, token, ctx);
  })

  .post("/c/:token", async (c) => {
    const token = c.req.param("token");
    const services = c.get("services");
    const ctx = await linkForPage(c, token);
    if (ctx instanceof Response) return ctx;
    const form = await readForm(c);
    if (!sameSecret(typeof form._csrf === "string" ? form._csrf : undefined, csrfOf(services, token))) {
      throw new ForbiddenError("Форма устарела. Откройте ссылку ещё раз и отправьте решение снова.");
    }
    const values = formValues(form);
    return pageAction(
      c,
      async () => {
        await submitDecision(
          services,
          ctx,
          { ...values, confirm: values.confirm },
          { ip: clientAddress(c), userAgent: c.req.header("user-agent") ?? "" },
        );
        return `/c/${token}/receipt?recorded=1`;
      },
      async (error, status) => {
        if (isLinkProblem(error)) return linkProblem(c, error);
        if (error instanceof ValidationError) {
          return renderForm(c, token, ctx, { values, error: error.message, fields: error.fields, status });
        }
        // Someone answered meanwhile: the form again, with the decision now on record.
        return renderForm(c, token, await resolveLink(c, token), { values, error: error.message, status });
      },
      decisionRefusals,
    );
  })

  .get("/c/:token/receipt", async (c) => {
    const token = c.req.param("token");
    const services = c.get("services");
    const ctx = await linkForPage(c, token);
    if (ctx instanceof Response) return ctx;
    const d = ctx.request.decision;
    if (!d) return c.redirect(`/c/${token}`, 303);
    privateHeaders(c);
    return c.html(
      page(
        <ReceiptPage
          {...linkPageProps(services, ctx)}
          decision={d}
          pdfUrl={documentUrl(services, token, d.documentId)}
          verifyUrl={services.documents.verifyUrl(d.documentId)}
          changeUrl={`/c/${token}`}
          justRecorded={c.req.query("recorded") === "1"}
          history={[...ctx.request.history]
            .reverse()
            .map((h) => ({ ...h, pdfUrl: documentUrl(services, token, h.documentId) }))}
        />,
      ),
    );
  })

  .get("/c/:token/documents/:documentId", async (c) => {
    const token = c.req.param("token");
    const services = c.get("services");
    const ctx = await linkForPage(c, token);
    if (ctx instanceof Response) return ctx;
    const record = await services.documents.get(c.req.param("documentId"));
    // Only this link's own documents: anything else is "not found", not "forbidden".
    if (record?.owner.type !== "consent-request" || record.owner.id !== ctx.request.requestId) {
      throw new NotFoundError("Документ не найден");
    }
    const bytes = await services.documents.pdf(record);
    const kind = record.type === "consent" ? "Согласие" : "Отказ";
    return sendFile(c, new Uint8Array(bytes), {
      filename: `${kind}_${record.number}_${record.date}.pdf`,
      contentType: "application/pdf",
      headers: PRIVATE_HEADERS,
    });
  });
