import { safeNext } from "@soglasie/functions/apps/auth/safe-next";
import { beforeAll, describe, expect, it } from "vitest";
import { createTestApp, form, TEST_PASSWORD, type TestApp } from "../support/app.js";

/**
 * Issue 13, defect 6: `next=/%09/evil.com` passed `safeNext`, and the browser, which drops tabs from
 * URLs, went to another host after sign-in. Each entry of the corpus is sent the way an attacker
 * would put it in a link (`/login?next=<raw>`): the login page carries it in its form, the sign-in
 * redirects, and the Location is resolved with the WHATWG URL parser, the browsers' own algorithm.
 */
const ORIGIN = "http://localhost:3000";

/** Raw query values, as they would appear in a crafted link. */
const HOSTILE_QUERIES = [
  "/%09/evil.com",
  "/%0a/evil.com",
  "/%0d/evil.com",
  "/%0d%0a/evil.com",
  "%09//evil.com",
  "/%09%09/evil.com",
  "/%20/evil.com",
  "//evil.com",
  "///evil.com",
  "////evil.com/x",
  "/\\evil.com",
  "/%5Cevil.com",
  "/%5C%5Cevil.com",
  "\\\\evil.com",
  "/%2F/evil.com",
  "%2F%2Fevil.com",
  "/%2F%2Fevil.com",
  "/%252F%252Fevil.com",
  "/.//evil.com",
  "/..//evil.com",
  "/./%2F/evil.com",
  "/staff/..//evil.com",
  "http://evil.com",
  "https:evil.com",
  "https:/evil.com",
  "//evil.com@localhost",
  "/@evil.com",
  "javascript:alert(1)",
  "JaVaScRiPt:alert(1)",
  "/javascript:alert(1)//",
  "data:text/html,<script>alert(1)</script>",
  "%20javascript:alert(1)",
  "/%E3%80%80/evil.com",
  "/%E2%80%A8/evil.com",
  "/%EF%BB%BF/evil.com",
  "/%C2%A0/evil.com",
  "/%EF%BC%8F%EF%BC%8Fevil.com",
  "%EF%BC%8F%EF%BC%8Fevil.com",
  "/\u3000/evil.com",
  "/%00/evil.com",
  "/%7F/evil.com",
  "/%e2%80%8b/evil.com",
  `/${"a".repeat(3000)}`,
];

/** Same-site paths that must keep working after sign-in. */
const LOCAL = [
  ["/staff/consents", "/staff/consents"],
  ["/staff/consents/abc?tab=links#row-3", "/staff/consents/abc?tab=links#row-3"],
  ["/staff/orders?q=Иванова", "/staff/orders?q=%D0%98%D0%B2%D0%B0%D0%BD%D0%BE%D0%B2%D0%B0"],
  ["/staff/../staff/roster", "/staff/roster"],
] as const;

let t: TestApp;
let email: string;
beforeAll(async () => {
  t = await createTestApp();
  email = (await t.member(["teacher"])).email;
});

/** The browser's view: the login page's hidden field, posted back, and the Location it is sent to. */
async function landing(rawQuery: string): Promise<URL> {
  const page = await t.app.request(`/login?next=${rawQuery}`);
  const html = await page.text();
  const hidden = /<input type="hidden" name="next" value="([^"]*)"/.exec(html)?.[1] ?? "";
  const value = hidden
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
  const f = form({ email, password: TEST_PASSWORD, next: value });
  const res = await t.app.request("/login", { method: "POST", body: f.body, headers: f.headers });
  expect(res.status).toBe(303);
  return new URL(res.headers.get("location")!, ORIGIN);
}

describe("sign-in redirects only to this site", () => {
  it("the reported attack: /%09/evil.com lands on /staff of this site", async () => {
    const url = await landing("/%09/evil.com");
    expect(url.origin).toBe(ORIGIN);
    expect(url.pathname).toBe("/staff");
  });

  it.each(HOSTILE_QUERIES)("via the login page's form: next=%s stays on this site", async (raw) => {
    const url = await landing(raw);
    expect(url.origin).toBe(ORIGIN);
    expect(url.pathname.startsWith("//")).toBe(false);
  });

  it.each(HOSTILE_QUERIES)("posted directly (decoded once): next=%s stays on this site", async (raw) => {
    let decoded: string;
    try {
      decoded = decodeURIComponent(raw);
    } catch {
      decoded = raw;
    }
    const f = form({ email, password: TEST_PASSWORD, next: decoded });
    const res = await t.app.request("/login", { method: "POST", body: f.body, headers: f.headers });
    const url = new URL(res.headers.get("location")!, ORIGIN);
    expect(url.origin).toBe(ORIGIN);
    expect(url.protocol).toBe("http:");
  });

  it.each(LOCAL)("keeps a local path: %s → %s", async (next, expected) => {
    expect(safeNext(next)).toBe(expected);
    const url = await landing(encodeURIComponent(next));
    expect(`${url.pathname}${url.search}${url.hash}`).toBe(expected);
  });
});
