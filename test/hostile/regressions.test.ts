import { beforeAll, describe, expect, it } from "vitest";
import { auditSeq, type HostileStack, hostileStack, observe, problemsOf } from "./support.js";

/**
 * Defects the hostile-input corpus found, each pinned by a test of its own so it can be fixed and
 * kept fixed independently of the whole corpus.
 */
describe("hostile input: found defects", () => {
  let t: HostileStack;
  beforeAll(async () => {
    t = await hostileStack();
  }, 120_000);

  it("a malformed multipart body gets a 400 with a clear message on every route that reads a form", async () => {
    // undici's Request.formData() throws a TypeError («Failed to parse body as FormData.») on a
    // multipart body without a boundary or with a wrong one; unhandled, it became a 500.
    const problems: string[] = [];
    const before = await auditSeq(t);
    const unsafe = t.routes.filter((r) => r.method !== "GET");
    for (const route of unsafe) {
      const path = route.path.replace(/:[A-Za-z]+/g, "00000000-0000-4000-8000-000000000000");
      for (const [name, contentType, body] of [
        ["no boundary", "multipart/form-data", "--x\r\ngarbage"],
        ["wrong boundary", "multipart/form-data; boundary=zzz", "--abc\r\nnot a part"],
      ] as const) {
        for (const headers of [
          { ...t.all.cookie, origin: "http://localhost", "x-csrf-token": t.all.csrf },
          { ...t.all.cookie, origin: "http://localhost" },
          { origin: "http://localhost" },
        ]) {
          const o = await observe(
            `${route.method} ${route.path} [${name}${"x-csrf-token" in headers ? ", csrf" : "cookie" in headers ? "" : ", anonymous"}]`,
            t.app.request(path, {
              method: route.method,
              headers: { ...headers, "content-type": contentType },
              body,
            }),
          );
          // Some routes take any body (verification, upload forms): what matters is no 5xx.
          problems.push(...problemsOf(o, { allow2xx: true }));
        }
      }
    }
    expect(problems).toEqual([]);
    expect(await auditSeq(t)).toBe(before);
  }, 120_000);

  it("a JSON null body to the regulation draft routes gets a 400, not a TypeError", async () => {
    for (const path of ["/api/regulations", "/staff/regulations"]) {
      const o = await observe(
        `POST ${path} [null]`,
        t.app.request(path, {
          method: "POST",
          headers: { ...t.all.bearer, "content-type": "application/json" },
          body: "null",
        }),
      );
      expect(problemsOf(o)).toEqual([]);
    }
  });

  it("over-long ids in the path are «not found», not a DynamoDB key-size error", async () => {
    const long = "a".repeat(3000);
    for (const path of [`/api/groups/${long}/consents`, `/api/orders/${long}`, `/staff/consents/${long}`]) {
      const o = await observe(path.slice(0, 30), t.app.request(path, { headers: t.all.bearer }));
      expect(o.status).toBe(404);
      expect(problemsOf(o)).toEqual([]);
    }
  });
});
