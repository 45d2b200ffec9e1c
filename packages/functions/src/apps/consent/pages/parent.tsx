import { chatOfferForParent } from "@soglasie/core/chat/group-chat";
import {
  codeState,
  confirmationMethodFor,
  sendConfirmationCode,
} from "@soglasie/core/consent/confirmation-codes";
import { parentActor, submitDecision } from "@soglasie/core/consent/decisions";
import { type LinkContext, today } from "@soglasie/core/consent/links";
import { DOCUMENT_TYPE_LABELS } from "@soglasie/core/documents/types";
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  TooManyRequestsError,
  ValidationError,
} from "@soglasie/core/errors";
import { respondentOn } from "@soglasie/core/students/rules";
import { type Context, Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { sameSecret } from "../../../http/auth.js";
import { clientAddress, readForm } from "../../../http/body.js";
import type { AppEnv } from "../../../http/env.js";
import { statusOf } from "../../../http/errors.js";
import { sendFile } from "../../../http/exports.js";
import { page } from "../../../http/layout.js";
import { inSite, inSiteAll } from "../../../http/links.js";
import { pageAction, type Refusals } from "../../../http/page-action.js";
import {
  csrfOf,
  decisionUrls,
  documentUrl,
  isLinkProblem,
  linkForPage,
  linkPageProps,
  linkProblem,
  PRIVATE_HEADERS,
  pepRulesFor,
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
 *   POST /c/:token/withdraw        the signed withdrawal of the personal-data consent → 303 to the receipt
 *   GET  /c/:token/receipt         the receipt: number, download, verification link
 *   GET  /c/:token/documents/:id   a signed PDF of this link's request
 */

async function renderForm(
  c: Context<AppEnv>,
  token: string,
  ctx: LinkContext,
  opts: {
    values?: FormValues;
    failed?: "decision" | "withdrawal";
    error?: string;
    fields?: Record<string, string[]>;
    status?: ContentfulStatusCode;
  } = {},
) {
  const services = c.get("services");
  const current = ctx.request.decision;
  const { extraFields } = services.config.personalData;
  const base = services.config.publicBaseUrl;
  const method = confirmationMethodFor(services, ctx);
  const [regulation, pepRules, linkProps, code] = await Promise.all([
    regulationRef(services),
    pepRulesFor(services, ctx.request),
    linkPageProps(services, ctx),
    method.kind === "code" ? codeState(services, ctx.request) : undefined,
  ]);
  // Who answers (students/rules.ts): from the date of birth; without it, the form asks, and the
  // form is drawn for the answer given (or chosen by `?age=adult`), the current signer by default.
  const rule = respondentOn(ctx.student, today(services));
  const askAge = rule === "ask";
  const chosen = opts.values?.studentAge ?? c.req.query("age");
  const respondent =
    rule !== "ask"
      ? rule
      : chosen === "adult" || (chosen === undefined && current?.respondent === "student")
        ? "student"
        : "representative";
  privateHeaders(c);
  return c.html(
    page(
      <ParentPage
        {...linkProps}
        respondent={respondent}
        askAge={askAge}
        expiresOn={ctx.request.expiresOn}
        today={today(services)}
        regulation={regulation}
        current={
          current ? { ...current, ...inSiteAll(base, decisionUrls(services, token, current)) } : undefined
        }
        csrf={csrfOf(services, token)}
        action={`/c/${token}`}
        withdrawAction={`/c/${token}/withdraw`}
        pepRules={{ ...pepRules, url: inSite(base, pepRules.url) }}
        personalData={{
          withBirthDate: extraFields.includes("student-birth-date"),
          withDivisionCode: extraFields.includes("division-code"),
        }}
        // The personal-data fields are never filled from the record (it does not keep them).
        values={opts.values ?? { relation: current?.relation }}
        failed={opts.failed}
        error={opts.error}
        fields={opts.fields}
        code={
          method.kind === "code"
            ? { to: method.masked, sent: Boolean(code?.live), action: `/c/${token}/code` }
            : undefined
        }
      />,
    ),
    opts.status ?? 200,
  );
}

const PERSONAL_DATA_PREFIX = "personalData.";

/** The form's fields: the answer's own, and the personal-data ones by their dotted names. */
function formValues(form: Record<string, string | string[]>): FormValues {
  const one = (k: string) =>
    typeof form[k] === "string" ? (form[k] as string) : Array.isArray(form[k]) ? form[k][0] : undefined;
  const many = form.alternatives;
  const personalData: Record<string, string> = {};
  for (const key of Object.keys(form)) {
    const value = one(key);
    if (key.startsWith(PERSONAL_DATA_PREFIX) && value !== undefined) personalData[key] = value;
  }
  return {
    decision: one("decision"),
    parentName: one("parentName"),
    studentName: one("studentName"),
    studentAge: one("studentAge"),
    relation: one("relation"),
    alternatives: many === undefined ? [] : Array.isArray(many) ? many : [many],
    confirm: one("confirm") === "on",
    pepRulesAccepted: one("pepRulesAccepted") === "on",
    personalData,
    pepRulesVersion: one("pepRulesVersion"),
    code: one("code"),
  };
}

/** «personalData.student.address» = v → {personalData: {student: {address: v}}}: the JSON API's shape. */
function nested(flat: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [path, value] of Object.entries(flat)) {
    const keys = path.split(".");
    if (keys.some((k) => k === "__proto__" || k === "constructor" || k === "prototype")) continue;
    let at = out;
    for (const k of keys.slice(0, -1)) {
      const child = at[k];
      const next = child && typeof child === "object" ? (child as Record<string, unknown>) : {};
      at[k] = next;
      at = next;
    }
    at[keys.at(-1) as string] = value;
  }
  return out;
}

/** The submission as submitDecision reads it (the same shape as the JSON API's body). */
function submission(values: FormValues): Record<string, unknown> {
  const { personalData, ...rest } = values;
  return { ...rest, ...nested(personalData ?? {}) };
}

/** File names of the parent's documents. */
const DOWNLOAD_NAMES: Partial<Record<string, string>> = {
  consent: "Согласие",
  refusal: "Отказ",
  "personal-data-consent": "Согласие_на_обработку_ПДн",
  "personal-data-consent-withdrawal": "Отзыв_согласия_на_обработку_ПДн",
};

/** A dead link gets its own page; refused input the form again (400); a changed request (409) too. */
const decisionRefusals: Refusals = (e) =>
  isLinkProblem(e)
    ? statusOf(e)
    : e instanceof ValidationError
      ? 400
      : e instanceof ConflictError
        ? 409
        : undefined;

/**
 * Submits a form's answer: the receipt on success; a refusal shows the form again with the messages
 * next to the fields and the parent's own input (this response only, never stored or logged).
 */
function answer(
  c: Context<AppEnv>,
  token: string,
  ctx: LinkContext,
  values: FormValues,
  failed: "decision" | "withdrawal",
) {
  const services = c.get("services");
  return pageAction(
    c,
    async () => {
      await submitDecision(services, ctx, submission(values), {
        ip: clientAddress(c),
        userAgent: c.req.header("user-agent") ?? "",
      });
      // Its own fragment: a redirect without one would keep the form action's «#errors».
      return `/c/${token}/receipt?recorded=1#main`;
    },
    async (error, status) => {
      if (isLinkProblem(error)) return linkProblem(c, error);
      if (error instanceof ValidationError) {
        return renderForm(c, token, ctx, {
          values,
          failed,
          error: error.message,
          fields: error.fields,
          status,
        });
      }
      // Someone answered meanwhile (or nothing is left to withdraw): the form again, with the decision on record.
      return renderForm(c, token, await resolveLink(c, token), {
        values: { ...values, personalData: {} },
        failed,
        error: error.message,
        status,
      });
    },
    decisionRefusals,
  );
}

/**
 * A form posted to a personal link: the link resolved (or its page answered), the form read and its
 * CSRF token checked; `stale` is the message for an outdated form.
 */
async function postedForm(c: Context<AppEnv>, token: string, stale: string) {
  const ctx = await linkForPage(c, token);
  if (ctx instanceof Response) return ctx;
  const form = await readForm(c);
  if (!sameSecret(typeof form._csrf === "string" ? form._csrf : undefined, csrfOf(c.get("services"), token)))
    throw new ForbiddenError(stale);
  return { ctx, form };
}

export const parentPages = new Hono<AppEnv>()
  .get("/c/:token", async (c) => {
    const token = c.req.param("token");
    const ctx = await linkForPage(c, token);
    return ctx instanceof Response ? ctx : renderForm(c, token, ctx);
  })

  .post("/c/:token", async (c) => {
    const token = c.req.param("token");
    const posted = await postedForm(
      c,
      token,
      "Форма устарела. Откройте ссылку ещё раз и отправьте решение снова.",
    );
    if (posted instanceof Response) return posted;
    const { ctx, form } = posted;
    return answer(c, token, ctx, formValues(form), "decision");
  })

  .post("/c/:token/withdraw", async (c) => {
    const token = c.req.param("token");
    const posted = await postedForm(
      c,
      token,
      "Форма устарела. Откройте ссылку ещё раз и отправьте отзыв снова.",
    );
    if (posted instanceof Response) return posted;
    const { ctx, form } = posted;
    const { personalData: _ignored, ...values } = formValues(form);
    return answer(c, token, ctx, { ...values, decision: "withdrawal", alternatives: [] }, "withdrawal");
  })

  // «Получить код»: the form is posted here with everything typed so far; the code goes out and the
  // same form comes back filled in (the personal-data values only in this response, never stored).
  .post("/c/:token/code", async (c) => {
    const token = c.req.param("token");
    const posted = await postedForm(
      c,
      token,
      "Форма устарела. Откройте ссылку ещё раз и получите код снова.",
    );
    if (posted instanceof Response) return posted;
    const { ctx, form } = posted;
    const failed = c.req.query("form") === "withdrawal" ? "withdrawal" : "decision";
    const values = { ...formValues(form), code: undefined };
    try {
      await sendConfirmationCode(c.get("services"), ctx, parentActor(ctx.request));
    } catch (error) {
      if (!(error instanceof TooManyRequestsError || error instanceof ConflictError)) throw error;
      if (error instanceof TooManyRequestsError)
        c.header("Retry-After", String(Math.max(1, error.retryAfterSeconds)));
      return renderForm(c, token, ctx, {
        values,
        failed,
        error: error.message,
        fields: { code: [error.message] },
        status: error instanceof TooManyRequestsError ? 429 : 409,
      });
    }
    return renderForm(c, token, ctx, { values, failed });
  })

  .get("/c/:token/receipt", async (c) => {
    const token = c.req.param("token");
    const services = c.get("services");
    const ctx = await linkForPage(c, token);
    if (ctx instanceof Response) return ctx;
    const d = ctx.request.decision;
    if (!d) return c.redirect(`/c/${token}`, 303);
    const [linkProps, chat] = await Promise.all([
      linkPageProps(services, ctx),
      // Clause 2.5: the group chat's invitation, for a consenting parent only (marks it handed out).
      chatOfferForParent(services, ctx.group.groupId, d),
    ]);
    const base = services.config.publicBaseUrl;
    privateHeaders(c);
    return c.html(
      page(
        <ReceiptPage
          {...linkProps}
          decision={d}
          chat={chat}
          {...inSiteAll(base, decisionUrls(services, token, d))}
          verifyUrl={services.documents.verifyUrl(d.documentId)}
          verifyHref={inSite(base, services.documents.verifyUrl(d.documentId))}
          changeUrl={`/c/${token}`}
          justRecorded={c.req.query("recorded") === "1"}
          history={[...ctx.request.history]
            .reverse()
            .map((h) => ({ ...h, pdfUrl: inSite(base, documentUrl(services, token, h.documentId)) }))}
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
    const kind = DOWNLOAD_NAMES[record.type] ?? DOCUMENT_TYPE_LABELS[record.type];
    return sendFile(c, new Uint8Array(bytes), {
      filename: `${kind}_${record.number}_${record.date}.pdf`,
      contentType: "application/pdf",
      headers: PRIVATE_HEADERS,
    });
  });
