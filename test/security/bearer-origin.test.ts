import { beforeAll, describe, expect, it } from "vitest";
import { meetingRequest, protocolPdf } from "../regulation/support.js";
import { SYSTEM } from "../support/app.js";
import { bodyOf, type SecurityStack, securityStack } from "./support.js";

/**
 * Issue 13, defect 10: the origin check refused bearer clients without an Origin header (403
 * «Недостаточно прав»). It belongs to what a browser sends with its cookies: a bearer request
 * passes without Origin, a request without any credentials gets 401 «Войдите в систему», and a
 * browser's cross-site post is still refused.
 */
let s: SecurityStack;
beforeAll(async () => {
  s = await securityStack();
}, 120_000);

const CSV =
  "Группа;ФИО обучающегося;ФИО родителя (законного представителя)\nБУ-31;Фёдорова Алла Ильинична;Фёдоров Илья Петрович\n";

describe("bearer clients without Origin", () => {
  it("POST /api/groups/revoke-unclaimed with confirm", async () => {
    const res = await s.t.app.request("/api/groups/revoke-unclaimed", {
      method: "POST",
      headers: { ...s.admin.bearer, "content-type": "application/json" },
      body: JSON.stringify({ confirm: true }),
    });
    expect(res.status).toBe(200);
    expect(await bodyOf(res)).toMatchObject({ groups: 1 });
  });

  it("a body-less POST is answered on its merits (415: JSON expected), not refused as forged", async () => {
    const res = await s.t.app.request("/api/groups/revoke-unclaimed", {
      method: "POST",
      headers: s.admin.bearer,
    });
    expect(res.status).toBe(415);
  });

  it("a roster import sent as text/plain", async () => {
    const res = await s.t.app.request("/api/roster/import", {
      method: "POST",
      headers: { ...s.admin.bearer, "content-type": "text/plain; charset=utf-8" },
      body: CSV,
    });
    expect(res.status).toBe(200);
    expect(await bodyOf(res)).toMatchObject({ imported: 1 });
  });

  it("a multipart council meeting with its protocol scan", async () => {
    const secretary = await s.t.signIn(["council_secretary", "teacher"]);
    const { RegulationRepository } = await import("@soglasie/core/regulation/regulation-repository");
    const draft = await new RegulationRepository(s.t.services).create({ source: "template" }, SYSTEM);
    const request = meetingRequest(
      { versionId: draft.versionId, date: s.t.today() },
      await protocolPdf(),
      secretary.bearer,
    );
    const headers = { ...(request.headers as Record<string, string>) };
    delete headers.origin;
    const res = await s.t.app.request("/api/council/meetings", { ...request, headers });
    expect(res.status, await res.clone().text()).toBe(201);
    expect(await bodyOf(res)).toMatchObject({ outcome: "adopted" });
  });
});

describe("requests without credentials and browsers' cross-site posts", () => {
  it("no credentials, no Origin: 401 «Войдите в систему» on staff API routes", async () => {
    for (const [path, type] of [
      ["/api/groups/revoke-unclaimed", "application/json"],
      ["/api/roster/import", "text/plain"],
      ["/api/council/meetings", "multipart/form-data; boundary=x"],
    ] as const) {
      const res = await s.t.app.request(path, {
        method: "POST",
        headers: { "content-type": type },
        body: "x",
      });
      expect(res.status, path).toBe(401);
      expect((await bodyOf(res)).error.message, path).toBe("Войдите в систему");
    }
  });

  it("a cookie session posting from another site is refused by Origin; from this site it needs its CSRF token", async () => {
    const cross = await s.t.app.request("/staff/consents/revoke-unclaimed", {
      method: "POST",
      headers: {
        ...s.admin.cookie,
        "content-type": "application/x-www-form-urlencoded",
        origin: "https://evil.example",
      },
      body: new URLSearchParams({ _csrf: s.admin.csrf, confirm: "on" }),
    });
    expect(cross.status).toBe(403);
    const nullOrigin = await s.t.app.request("/staff/consents/revoke-unclaimed", {
      method: "POST",
      headers: { ...s.admin.cookie, "content-type": "application/x-www-form-urlencoded", origin: "null" },
      body: new URLSearchParams({ _csrf: s.admin.csrf, confirm: "on" }),
    });
    expect(nullOrigin.status).toBe(403);
    // Without Origin (not a browser's cross-site post) the session's CSRF token still decides.
    const noToken = await s.t.app.request("/staff/consents/revoke-unclaimed", {
      method: "POST",
      headers: { ...s.admin.cookie, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ confirm: "on" }),
    });
    expect(noToken.status).toBe(403);
    const crossFetch = await s.t.app.request("/api/me", {
      method: "POST",
      headers: { ...s.admin.cookie, "sec-fetch-site": "cross-site", "content-type": "text/plain" },
      body: "x",
    });
    expect(crossFetch.status).toBe(403);
  });
});
