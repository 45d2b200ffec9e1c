import { beforeAll, describe, expect, it } from "vitest";
import { type SecurityStack, securityStack } from "./support.js";

/**
 * Issue 13, defect 7: staff pages and staff JSON were cached (Back after sign-out showed the group
 * dashboard with live parents' links). Every answer to a signed-in request, and every answer of a
 * personal link, is `Cache-Control: no-store`.
 */
let s: SecurityStack;
beforeAll(async () => {
  s = await securityStack();
}, 120_000);

describe("no-store on authenticated answers", () => {
  it("staff pages (cookie): home, consents, the group dashboard, roster, orders", async () => {
    const director = await s.t.signIn(["director"]);
    const pages: Array<[string, Record<string, string>]> = [
      ["/staff", s.admin.cookie],
      ["/staff/consents", s.admin.cookie],
      [`/staff/consents/${s.groupId}`, s.teacher.cookie],
      ["/staff/roster", s.admin.cookie],
      ["/staff/orders", director.cookie],
      ["/staff/regulations", s.admin.cookie],
    ];
    for (const [path, headers] of pages) {
      const res = await s.t.app.request(path, { headers });
      expect(res.status, path).toBe(200);
      expect(res.headers.get("cache-control"), path).toBe("no-store");
    }
  });

  it("staff JSON (bearer): /api/me, /api/groups/{id}/consents, /api/orders", async () => {
    const director = await s.t.signIn(["director"]);
    const calls: Array<[string, Record<string, string>]> = [
      ["/api/me", s.admin.bearer],
      ["/api/groups", s.admin.bearer],
      [`/api/groups/${s.groupId}/consents`, s.teacher.bearer],
      ["/api/orders", director.bearer],
    ];
    for (const [path, headers] of calls) {
      const res = await s.t.app.request(path, { headers });
      expect(res.status, path).toBe(200);
      expect(res.headers.get("cache-control"), path).toBe("no-store");
    }
  });

  it("refusals and redirects of a signed-in request too", async () => {
    const forbidden = await s.t.app.request("/api/orders", { headers: s.teacher.bearer });
    expect(forbidden.status).toBe(403);
    expect(forbidden.headers.get("cache-control")).toBe("no-store");
    const root = await s.t.app.request("/", { headers: s.admin.cookie });
    expect(root.status).toBe(303);
    expect(root.headers.get("cache-control")).toBe("no-store");
  });

  it("parents' personal pages and their JSON, with a valid or a dead token", async () => {
    const token = s.tokens[0]!;
    for (const path of [`/c/${token}`, `/api/consent/${token}`, "/c/AAAAAAAAAAAAAAAAAAAAAA"]) {
      const res = await s.t.app.request(path, { headers: { "x-forwarded-for": "203.0.113.40" } });
      expect(res.headers.get("cache-control"), path).toBe("no-store");
    }
  });
});
