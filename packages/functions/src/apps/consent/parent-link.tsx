import { type LinkContext, resolveLinkFor } from "@soglasie/core/consent/links";
import { pepRulesAcceptanceRequired } from "@soglasie/core/consent/rules";
import type { ConsentRequest, Decision } from "@soglasie/core/consent/types";
import { DomainError, GoneError, NotFoundError, TooManyRequestsError } from "@soglasie/core/errors";
import { tokenHash } from "@soglasie/core/ids";
import { PepRulesRepository } from "@soglasie/core/pep/pep-rules-repository";
import { pepRulesUrl } from "@soglasie/core/pep/rules-versions";
import { RegulationRepository } from "@soglasie/core/regulation/regulation-repository";
import { shortName } from "@soglasie/core/roster/normalize";
import type { Services } from "@soglasie/core/services";
import { classTeacherContacts } from "@soglasie/core/staff/parent-contacts";
import type { Context } from "hono";
import { clientAddress } from "../../http/body.js";
import type { AppEnv } from "../../http/env.js";
import { statusOf } from "../../http/errors.js";
import { page } from "../../http/layout.js";
import { csrfFor } from "../../http/session.js";
import { LinkProblemPage } from "./views/parent/link-problem-page.js";
import type { LinkPageProps, PepRulesRef } from "./views/parent/parts.js";

/**
 * The parent's personal link: there is no session, so the form carries a CSRF token bound to the
 * link (HMAC of its hash), and every answer is private (never cached, never indexed).
 */
export const csrfOf = (services: Services, token: string) =>
  csrfFor(services.config.sessionSecret, `consent.${tokenHash(token)}`);

/** A signed document of this link's request, reachable only through the link. */
export const documentUrl = (services: Services, token: string, documentId: string) =>
  `${services.config.publicBaseUrl}/c/${token}/documents/${documentId}`;

export const PRIVATE_HEADERS = { "cache-control": "no-store", "x-robots-tag": "noindex, nofollow" } as const;

/** Headers of every personal page: never cached, never indexed. */
export function privateHeaders(c: Context) {
  for (const [k, v] of Object.entries(PRIVATE_HEADERS)) c.header(k, v);
}

export async function resolveLink(c: Context<AppEnv>, token: string): Promise<LinkContext> {
  return resolveLinkFor(c.get("services"), token, clientAddress(c));
}

/** An unknown, dead or rate-limited link (not a guard: these classes differ only by name). */
export const isLinkProblem = (e: unknown): boolean =>
  e instanceof NotFoundError || e instanceof GoneError || e instanceof TooManyRequestsError;

/** Dead links get a page of their own that names nobody and says whom to ask. */
export function linkProblem(c: Context<AppEnv>, error: DomainError) {
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
    statusOf(error),
  );
}

/** The link of a page request, or the page that explains why it no longer works. */
export async function linkForPage(c: Context<AppEnv>, token: string): Promise<LinkContext | Response> {
  try {
    return await resolveLink(c, token);
  } catch (error) {
    if (error instanceof DomainError && isLinkProblem(error)) return linkProblem(c, error);
    throw error;
  }
}

/** The parts of a link's pages that come from the link itself, with the group's class teachers. */
export async function linkPageProps(services: Services, ctx: LinkContext): Promise<LinkPageProps> {
  const { org, timeZone } = services.config;
  return {
    orgName: org.shortName,
    orgFullName: org.fullName,
    studentName: shortName(ctx.student.fullName),
    groupCode: ctx.group.code,
    timeZone,
    classTeachers: await classTeacherContacts(services, ctx.group.classTeacherIds),
  };
}

/**
 * The parents' signature rules in force, and whether this link still has to accept them. A page
 * does not issue the first version (that renders and signs a document): before any exists the
 * link points at /pep-rules.pdf, which issues it, as does the first answer.
 */
export async function pepRulesFor(services: Services, request: ConsentRequest): Promise<PepRulesRef> {
  const rules = await new PepRulesRepository(services).current("parents");
  if (!rules) return { url: `${services.config.publicBaseUrl}/pep-rules.pdf`, required: true };
  return {
    version: rules.version,
    date: rules.date,
    url: pepRulesUrl(services.config.publicBaseUrl, "parents", rules.version),
    required: pepRulesAcceptanceRequired(request, rules),
  };
}

/** The link's own URLs of a decision's documents. */
export function decisionUrls(services: Services, token: string, d: Decision) {
  return {
    pdfUrl: documentUrl(services, token, d.documentId),
    ...(d.personalData
      ? { personalDataPdfUrl: documentUrl(services, token, d.personalData.documentId) }
      : {}),
    ...(d.withdrawal ? { withdrawalPdfUrl: documentUrl(services, token, d.withdrawal.documentId) } : {}),
  };
}

/** The order that approved the in-force regulation, named on the parent's page. */
export async function regulationRef(services: Services) {
  const current = await new RegulationRepository(services).current();
  return current ? { date: current.orderDate, orderNumber: current.orderNumber } : undefined;
}
