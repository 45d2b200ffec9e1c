import { confirmationMethodFor, sendConfirmationCode } from "@soglasie/core/consent/confirmation-codes";
import { parentActor, submitDecision } from "@soglasie/core/consent/decisions";
import type { Decision } from "@soglasie/core/consent/types";
import type { Services } from "@soglasie/core/services";
import { z } from "@soglasie/core/validation";
import { Hono } from "hono";
import { clientAddress, readJson } from "../../../http/body.js";
import type { AppEnv } from "../../../http/env.js";
import { decisionJson, linkJson } from "../json.js";
import {
  csrfOf,
  decisionUrls,
  pepRulesFor,
  privateHeaders,
  regulationRef,
  resolveLink,
} from "../parent-link.js";

/**
 * The parent's JSON API, through the same personal link as the pages:
 *   GET  /api/consent/:token       the page's data
 *   POST /api/consent/:token       the answer → 201 (new) or 200 (the same decision again):
 *        {decision: "consent" | "refusal" | "withdrawal", parentName, relation, alternatives?, confirm,
 *         pepRulesAccepted (while `pepRules.required`), pepRulesVersion?, personalData (consents)}
 *        refused input → 400 with `error.fields` keyed by the field's path
 *        («personalData.student.document.number»); a withdrawal with nothing to withdraw → 409.
 *        With confirmation codes on and a contact on file the body carries `code: "123456"`;
 *        without it (or wrong, expired, out of tries) → 400 with `error.fields.code`.
 *   POST /api/consent/:token/code  sends a code → 201 {channel, to (masked), expiresAt, resendAfter};
 *        too soon or too many → 429 with Retry-After; codes not applicable → 409.
 */

const anyObject = z.record(z.string(), z.unknown(), "Ожидается объект JSON");

const decisionOf = (services: Services, token: string, d: Decision) =>
  decisionJson(d, {
    ...decisionUrls(services, token, d),
    verifyUrl: services.documents.verifyUrl(d.documentId),
  });

const confirmationJson = (m: ReturnType<typeof confirmationMethodFor>) =>
  m.kind === "code"
    ? { method: "code", channel: m.channel, to: m.masked }
    : { method: m.kind === "link-only" ? "link-only" : "link" };

export const parentApi = new Hono<AppEnv>()
  .get("/api/consent/:token", async (c) => {
    const token = c.req.param("token");
    const services = c.get("services");
    const ctx = await resolveLink(c, token);
    const d = ctx.request.decision;
    const [regulation, pepRules] = await Promise.all([
      regulationRef(services),
      pepRulesFor(services, ctx.request),
    ]);
    privateHeaders(c);
    return c.json(
      linkJson(services, ctx, {
        regulation,
        decision: d ? decisionOf(services, token, d) : null,
        csrfToken: csrfOf(services, token),
        pepRules,
        confirmation: confirmationJson(confirmationMethodFor(services, ctx)),
      }),
    );
  })

  .post("/api/consent/:token", async (c) => {
    const token = c.req.param("token");
    const services = c.get("services");
    // Resolve first: an unknown link answers 404 (and counts as a miss) whatever the body.
    const ctx = await resolveLink(c, token);
    const body = await readJson(c, anyObject);
    const result = await submitDecision(services, ctx, body, {
      ip: clientAddress(c),
      userAgent: c.req.header("user-agent") ?? "",
    });
    privateHeaders(c);
    return c.json(decisionOf(services, token, result.decision), result.created ? 201 : 200);
  })

  .post("/api/consent/:token/code", async (c) => {
    const token = c.req.param("token");
    const services = c.get("services");
    const ctx = await resolveLink(c, token);
    const sent = await sendConfirmationCode(services, ctx, parentActor(ctx.request));
    privateHeaders(c);
    // Never the code itself: it goes only to the parent's contact.
    return c.json(
      { channel: sent.channel, to: sent.to, expiresAt: sent.expiresAt, resendAfter: sent.resendAfter },
      201,
    );
  });
