import { timingSafeEqual } from "node:crypto";
import { submitDecision } from "@soglasie/core/consent/decisions";
import { type LinkContext, resolveLinkFor } from "@soglasie/core/consent/links";
import {
  ALTERNATIVE_KEYS,
  ALTERNATIVE_LABELS,
  apiAlternative,
  RELATION_KEYS,
} from "@soglasie/core/consent/schemas";
import type { Decision } from "@soglasie/core/consent/types";
import { RELATIONS } from "@soglasie/core/documents/schemas";
import {
  ConflictError,
  type DomainError,
  ForbiddenError,
  GoneError,
  NotFoundError,
  TooManyRequestsError,
  ValidationError,
} from "@soglasie/core/errors";
import { tokenHash } from "@soglasie/core/ids";
import { RegulationRepository } from "@soglasie/core/regulation/regulation-repository";
import { shortName } from "@soglasie/core/roster/normalize";
import type { Services } from "@soglasie/core/services";
import { z } from "@soglasie/core/validation";
import { type Context, Hono } from "hono";
import { clientAddress, readForm, readJson } from "../../http/body.js";
import type { AppEnv } from "../../http/env.js";
import { statusOf as httpStatusOf } from "../../http/errors.js";
import { page } from "../../http/layout.js";
import { csrfFor } from "../../http/session.js";
import { attachment, PRIVATE_HEADERS } from "./common.js";
import { type FormValues, LinkProblemPage, ParentPage, ReceiptPage } from "./parent-views.js";

/**
 * The parent's side, reached only through the personal link:
 *   GET  /c/:token                 the form (and the current decision, if any)
 *   POST /c/:token                 the signed answer (form) → 303 to the receipt
 *   GET  /c/:token/receipt         the receipt: number, download, verification link
 *   GET  /c/:token/documents/:id   a signed PDF of this link's request
 *   GET  /api/consent/:token       the same data as JSON
 *   POST /api/consent/:token       the answer as JSON → 201 (new) or 200 (the same decision again)
 * There is no session: the form carries a CSRF token bound to the link (HMAC of its hash).
 */

const csrfOf = (services: Services, token: string) =>
  csrfFor(services.config.sessionSecret, `consent.${tokenHash(token)}`);

function sameSecret(a: string | undefined, b: string): boolean {
  if (!a) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

const base = (services: Services) => services.config.publicBaseUrl;
const documentUrl = (services: Services, token: string, documentId: string) =>
  `${base(services)}/c/${token}/documents/${documentId}`;

/** Headers of every personal page: never cached, never indexed. */
function privateHeaders(c: Context<AppEnv>) {
  for (const [k, v] of Object.entries(PRIVATE_HEADERS)) c.header(k, v);
}

async function resolve(c: Context<AppEnv>, token: string): Promise<LinkContext> {
  return resolveLinkFor(c.get("services"), token, clientAddress(c));
}

/** The link of a page request, or the page that explains why it no longer works. */
async function linkForPage(c: Context<AppEnv>, token: string): Promise<LinkContext | Response> {
  try {
    return await resolve(c, token);
  } catch (error) {
    if (isLinkProblem(error)) return linkProblem(c, error);
    throw error;
  }
}

/** Dead links get a page of their own that names nobody and says whom to ask. */
function linkProblem(c: Context<AppEnv>, error: DomainError) {
  const { org } = c.get("services").config;
  const title =
    error instanceof TooManyRequestsError
      ? "Слишком много попыток"
      : error instanceof GoneError
        ? "Ссылка больше не действует"
        : "Ссылка не найдена";
  if (error instanceof TooManyRequestsError)
    c.header("Retry-After", String(Math.max(1, error.retryAfterSeconds)));
  privateHeaders(c);
  return c.html(
    page(
      <LinkProblemPage
        orgName={org.shortName}
        orgFullName={org.fullName}
        title={title}
        message={error.message}
      />,
    ),
    httpStatusOf(error),
  );
}

const isLinkProblem = (e: unknown): e is DomainError =>
  e instanceof NotFoundError || e instanceof GoneError || e instanceof TooManyRequestsError;

async function regulationRef(services: Services) {
  const current = await new RegulationRepository(services).current();
  return current ? { date: current.orderDate, orderNumber: current.orderNumber } : undefined;
}

async function renderForm(
  c: Context<AppEnv>,
  token: string,
  ctx: LinkContext,
  opts: {
    values?: FormValues;
    error?: string;
    fields?: Record<string, string[]>;
    status?: 200 | 400 | 409 | 429;
  } = {},
) {
  const services = c.get("services");
  const current = ctx.request.decision;
  privateHeaders(c);
  return c.html(
    page(
      <ParentPage
        orgName={services.config.org.shortName}
        orgFullName={services.config.org.fullName}
        studentName={shortName(ctx.student.fullName)}
        groupCode={ctx.group.code}
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
        timeZone={services.config.timeZone}
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

/** What the JSON API tells about a decision. */
function decisionJson(services: Services, token: string, d: Decision) {
  return {
    decision: d.decision,
    status: d.decision === "consent" ? "consented" : "refused",
    documentId: d.documentId,
    documentNumber: d.documentNumber,
    documentDate: d.documentDate,
    decidedAt: d.decidedAt,
    parentName: d.parentName,
    relation: d.relation,
    alternatives: d.alternatives.map(apiAlternative),
    pdfUrl: documentUrl(services, token, d.documentId),
    verifyUrl: services.documents.verifyUrl(d.documentId),
  };
}

const anyObject = z.record(z.string(), z.unknown(), "Ожидается объект JSON");

export const parentApp = new Hono<AppEnv>()
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
    try {
      await submitDecision(
        services,
        ctx,
        { ...values, confirm: values.confirm },
        { ip: clientAddress(c), userAgent: c.req.header("user-agent") ?? "" },
      );
      return c.redirect(`/c/${token}/receipt?recorded=1`, 303);
    } catch (error) {
      if (isLinkProblem(error)) return linkProblem(c, error);
      if (error instanceof ValidationError) {
        return renderForm(c, token, ctx, { values, error: error.message, fields: error.fields, status: 400 });
      }
      if (error instanceof ConflictError) {
        const fresh = await resolve(c, token);
        return renderForm(c, token, fresh, { values, error: error.message, status: 409 });
      }
      throw error;
    }
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
          orgName={services.config.org.shortName}
          orgFullName={services.config.org.fullName}
          studentName={shortName(ctx.student.fullName)}
          groupCode={ctx.group.code}
          decision={d}
          pdfUrl={documentUrl(services, token, d.documentId)}
          verifyUrl={services.documents.verifyUrl(d.documentId)}
          changeUrl={`/c/${token}`}
          justRecorded={c.req.query("recorded") === "1"}
          timeZone={services.config.timeZone}
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
    return c.body(new Uint8Array(bytes) as Uint8Array<ArrayBuffer>, 200, {
      "content-type": "application/pdf",
      "content-disposition": attachment(`${kind}_${record.number}_${record.date}.pdf`),
      ...PRIVATE_HEADERS,
    });
  })

  .get("/api/consent/:token", async (c) => {
    const token = c.req.param("token");
    const services = c.get("services");
    const ctx = await resolve(c, token);
    const d = ctx.request.decision;
    privateHeaders(c);
    return c.json({
      college: { name: services.config.org.fullName, shortName: services.config.org.shortName },
      student: { shortName: shortName(ctx.student.fullName), group: ctx.group.code },
      link: { expiresOn: ctx.request.expiresOn },
      regulation: {
        url: `${base(services)}/regulation.pdf`,
        approvedBy: (await regulationRef(services)) ?? null,
      },
      decision: d ? decisionJson(services, token, d) : null,
      history: ctx.request.history.map((h) => ({
        decision: h.decision,
        documentId: h.documentId,
        documentNumber: h.documentNumber,
        decidedAt: h.decidedAt,
        status: "superseded",
      })),
      options: {
        decisions: [
          { value: "consent", label: "Согласен(на)" },
          { value: "refusal", label: "Не согласен(на)" },
        ],
        relations: RELATION_KEYS.map((value) => ({ value, label: RELATIONS[value] })),
        alternatives: ALTERNATIVE_KEYS.map((value) => ({
          value: apiAlternative(value),
          label: ALTERNATIVE_LABELS[value],
        })),
      },
      csrfToken: csrfOf(services, token),
    });
  })

  .post("/api/consent/:token", async (c) => {
    const token = c.req.param("token");
    const services = c.get("services");
    // Resolve first: an unknown link answers 404 (and counts as a miss) whatever the body.
    const ctx = await resolve(c, token);
    const body = await readJson(c, anyObject);
    const result = await submitDecision(services, ctx, body, {
      ip: clientAddress(c),
      userAgent: c.req.header("user-agent") ?? "",
    });
    privateHeaders(c);
    return c.json(decisionJson(services, token, result.decision), result.created ? 201 : 200);
  });
