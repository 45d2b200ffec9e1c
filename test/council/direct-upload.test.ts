import { MeetingRepository } from "@soglasie/core/council/meeting-repository";
import { MAX_PROTOCOL_BYTES } from "@soglasie/core/council/pdf-check";
import { RegulationRepository } from "@soglasie/core/regulation/regulation-repository";
import { beforeAll, describe, expect, it } from "vitest";
import { protocolPdf } from "../regulation/support.js";
import { createTestApp, SYSTEM, type TestApp, type TestSession } from "../support/app.js";

/**
 * Protocol scans uploaded by the browser straight to S3 with a presigned POST (the path used on
 * AWS, where API Gateway → Lambda carries at most 6 MB), against the real local s3rver. s3rver
 * stores POSTed objects and redirects like S3, but does not check the policy (signature, size
 * range, key, content type): those conditions are asserted on the signed policy itself, and the
 * service's own checks — which must hold even if S3 let a file through — on what s3rver stored.
 */

let t: TestApp;
let secretary: TestSession;
let scan: Uint8Array;

const MEETING = {
  date: "",
  protocolNumber: "7",
  membersTotal: "40",
  membersPresent: "30",
  votesFor: "25",
  votesAgainst: "3",
  votesAbstained: "2",
  chair: "Иванова Светлана Петровна",
  secretary: "Кузнецова Ольга Викторовна",
};

async function newDraft(): Promise<string> {
  const repo = new RegulationRepository(t.services);
  const base = (await repo.list())[0];
  const text = base ? `${await repo.text(base)}\nДополнение ${Math.random()}\n` : undefined;
  return (await repo.create(text ? { source: "upload", text } : { source: "template" }, SYSTEM)).versionId;
}

const unescapeHtml = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");

/** The forms of a page: action, method, enctype, hidden fields (in order) and the other field names. */
function forms(html: string) {
  return [...html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)].map(([, attrs, inner]) => {
    const attr = (name: string) => unescapeHtml(new RegExp(`${name}="([^"]*)"`).exec(attrs!)?.[1] ?? "");
    const hidden: Array<[string, string]> = [];
    for (const m of inner!.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)"/g))
      hidden.push([unescapeHtml(m[1]!), unescapeHtml(m[2]!)]);
    const named = [...inner!.matchAll(/<(?:input|select|textarea)\b[^>]*name="([^"]*)"/g)].map((m) => m[1]!);
    return { action: attr("action"), enctype: attr("enctype"), hidden, named, html: inner! };
  });
}

async function page(path: string) {
  const res = await t.app.request(path, { headers: secretary.cookie });
  expect(res.status).toBe(200);
  return res.text();
}

/** What the browser does with the upload form: the hidden fields, then the file last, to S3. */
async function postToS3(form: { action: string; hidden: Array<[string, string]> }, bytes: Uint8Array) {
  const body = new FormData();
  for (const [name, value] of form.hidden) body.append(name, value);
  body.append("file", new Blob([bytes as Uint8Array<ArrayBuffer>], { type: "application/pdf" }), "скан.pdf");
  return fetch(form.action, { method: "POST", body, redirect: "manual" });
}

/** Browsers send an Origin with form posts; the base app refuses form-like posts without one. */
const ORIGIN = { origin: "http://localhost" };

const uploadsRequest = (headers: Record<string, string>) => ({
  method: "POST",
  headers: { "content-type": "application/json", ...headers },
  body: "{}",
});

/** The upload form of the JSON API, posted like a script would (S3 answers 204). */
async function uploadViaApi(bytes: Uint8Array): Promise<string> {
  const res = await t.app.request("/api/council/uploads", uploadsRequest(secretary.bearer));
  expect(res.status).toBe(201);
  const form = (await res.json()) as { url: string; fields: Record<string, string>; key: string };
  const s3 = await postToS3({ action: form.url, hidden: Object.entries(form.fields) }, bytes);
  expect(s3.status).toBe(204);
  return form.key;
}

async function uploadsCount(): Promise<number> {
  let n = 0;
  for await (const _ of t.services.objects.list("uploads")) n++;
  return n;
}

const recordJson = (versionId: string, protocolKey: string) =>
  t.app.request("/api/council/meetings", {
    method: "POST",
    headers: { "content-type": "application/json", ...secretary.bearer },
    body: JSON.stringify({ ...MEETING, date: today(), versionId, protocolKey }),
  });

const today = () => new Date().toLocaleDateString("sv-SE", { timeZone: t.services.config.timeZone });

/** A refused upload leaves nothing: not the incoming object, no stored scan, no meeting, a draft. */
async function expectNothingStored(key: string, versionId: string, uploadsBefore: number) {
  expect(await t.services.objects.head(key)).toBeUndefined();
  expect(await uploadsCount()).toBe(uploadsBefore);
  expect((await new MeetingRepository(t.services).list()).filter((m) => m.versionId === versionId)).toEqual(
    [],
  );
  expect((await new RegulationRepository(t.services).require(versionId)).state).toBe("draft");
}

beforeAll(async () => {
  t = await createTestApp({ config: { directS3Transfers: true } });
  secretary = await t.signIn(["council_secretary", "teacher"]);
  scan = await protocolPdf();
});

describe("direct upload of the protocol scan (presigned POST to S3)", () => {
  it("works without JavaScript: upload form → S3 → redirect back → meeting form → recorded, scan moved to uploads/", async () => {
    const versionId = await newDraft();
    const [upload] = forms(await page("/staff/council")).filter(
      (f) => f.action !== "/staff/council/rules" && f.action !== "/logout",
    );
    // Step 1 posts to the bucket, not to the function; the meeting form is not shown yet.
    expect(upload!.action).toMatch(
      new RegExp(`^${t.services.config.s3Endpoint}/${t.services.config.bucketName}`),
    );
    expect(upload!.enctype).toBe("multipart/form-data");
    expect(upload!.named.at(-1)).toBe("file");
    expect(upload!.named).not.toContain("membersTotal");
    const fields = Object.fromEntries(upload!.hidden);
    expect(fields.key).toMatch(new RegExp(`^incoming/${t.services.config.orgId}/[0-9a-f-]{36}\\.pdf$`));
    expect(fields["Content-Type"]).toBe("application/pdf");
    expect(fields.success_action_redirect).toBe("http://localhost:3000/staff/council?uploaded=1");

    // What S3 enforces: the signed policy.
    const policy = JSON.parse(Buffer.from(fields.Policy!, "base64").toString("utf8")) as {
      expiration: string;
      conditions: unknown[];
    };
    expect(policy.conditions).toEqual(
      expect.arrayContaining([
        ["content-length-range", 1, MAX_PROTOCOL_BYTES],
        { key: fields.key },
        { "Content-Type": "application/pdf" },
        { success_action_redirect: fields.success_action_redirect },
        { bucket: t.services.config.bucketName },
      ]),
    );
    const signedAt = fields["X-Amz-Date"]!.replace(
      /^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/,
      "$1-$2-$3T$4:$5:$6Z",
    );
    expect(Date.parse(policy.expiration) - Date.parse(signedAt)).toBe(3600_000);
    expect(fields["X-Amz-Signature"]).toMatch(/^[0-9a-f]{64}$/);

    // The browser posts the file to S3 and is sent back to the page with the key.
    const s3 = await postToS3(upload!, scan);
    expect(s3.status).toBe(303);
    const back = new URL(s3.headers.get("location")!);
    expect(back.pathname).toBe("/staff/council");
    expect(back.searchParams.get("key")).toBe(fields.key);
    expect(await t.services.objects.head(fields.key!)).toEqual({ size: scan.byteLength });

    const step2 = await page(`${back.pathname}${back.search}`);
    expect(step2).toContain("Скан протокола загружен");
    const meeting = forms(step2).find((f) => f.action === "/staff/council/meetings/check")!;
    expect(meeting.hidden).toContainEqual(["protocolKey", fields.key]);
    expect(meeting.named).not.toContain("protocol");

    // A mistake in the numbers keeps the upload: the page comes back with the same key.
    const body = (over: Record<string, string>) =>
      new URLSearchParams([
        ...meeting.hidden,
        ...Object.entries({ ...MEETING, date: today(), versionId, ...over }),
      ]);
    const bad = await t.app.request("/staff/council/meetings", {
      method: "POST",
      headers: { ...secretary.cookie, ...ORIGIN, "content-type": "application/x-www-form-urlencoded" },
      body: body({ membersPresent: "50" }),
    });
    expect(bad.status).toBe(400);
    const again = await bad.text();
    expect(again).toContain("больше, чем членов совета");
    expect(forms(again).find((f) => f.action === "/staff/council/meetings/check")?.hidden).toContainEqual([
      "protocolKey",
      fields.key,
    ]);
    expect(await t.services.objects.head(fields.key!)).toBeDefined();

    const done = await t.app.request("/staff/council/meetings", {
      method: "POST",
      headers: { ...secretary.cookie, ...ORIGIN, "content-type": "application/x-www-form-urlencoded" },
      body: body({}),
    });
    expect(done.status).toBe(303);
    // The notice is a key; the page says it from the meeting's record (issue 13).
    expect(await page(done.headers.get("location")!)).toContain("Решение записано: Положение принято");

    const [recorded] = (await new MeetingRepository(t.services).list()).filter(
      (m) => m.versionId === versionId,
    );
    expect(recorded).toMatchObject({ outcome: "adopted", protocolNumber: "7" });
    // Stored content-addressed under uploads/, byte for byte; the incoming object is gone.
    expect(recorded!.protocolScan.key).toBe(
      t.services.objects.keyFor("uploads", recorded!.protocolScan.sha256),
    );
    expect(
      Buffer.from(await t.services.objects.get(recorded!.protocolScan.key)).equals(Buffer.from(scan)),
    ).toBe(true);
    expect(await t.services.objects.head(fields.key!)).toBeUndefined();
    expect((await new RegulationRepository(t.services).require(versionId)).state).toBe("adopted");

    // The key cannot be used a second time.
    const reused = await recordJson(await newDraft(), fields.key!);
    expect(reused.status).toBe(400);
    expect(((await reused.json()) as { error: { fields: object } }).error.fields).toHaveProperty("protocol");
  });

  it("refuses a scan over 20 MB that reached S3, deletes it and stores nothing", async () => {
    const versionId = await newDraft();
    const before = await uploadsCount();
    // Real S3 refuses this at the POST (content-length-range); s3rver does not, so the service must.
    const big = new Uint8Array(MAX_PROTOCOL_BYTES + 1);
    big.set(scan);
    const viaApi = await uploadViaApi(big);
    const res = await recordJson(versionId, viaApi);
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain("больше 20 МБ");
    await expectNothingStored(viaApi, versionId, before);

    // The page checks the size as soon as S3 sends the browser back, and asks for the file again.
    const viaPage = await uploadViaApi(big);
    const html = await page(`/staff/council?uploaded=1&key=${encodeURIComponent(viaPage)}`);
    expect(html).toContain("больше 20 МБ");
    expect(forms(html).some((f) => f.named.at(-1) === "file")).toBe(true);
    expect(forms(html).some((f) => f.action === "/staff/council/meetings")).toBe(false);
    await expectNothingStored(viaPage, versionId, before);
  });

  it("refuses a file that is not a PDF by its content, deletes it and stores nothing", async () => {
    const versionId = await newDraft();
    const before = await uploadsCount();
    const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, ...new TextEncoder().encode("JFIF not a protocol")]);
    const key = await uploadViaApi(jpeg);
    const res = await recordJson(versionId, key);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { message: string; fields: Record<string, string[]> } };
    expect(body.error.message).toContain("в формате PDF");
    expect(Object.keys(body.error.fields)).toEqual(["protocol"]);
    await expectNothingStored(key, versionId, before);

    // A truncated PDF (the upload broke off) is refused the same way.
    const cut = await uploadViaApi(scan.subarray(0, scan.byteLength - 200));
    expect((await recordJson(versionId, cut)).status).toBe(400);
    await expectNothingStored(cut, versionId, before);
  });

  it("accepts only this organisation's incoming keys and only from the council secretary", async () => {
    const versionId = await newDraft();
    const before = await uploadsCount();
    for (const key of [
      "chptk/uploads/0000.pdf",
      `incoming/other-org/${crypto.randomUUID()}.pdf`,
      `incoming/${t.services.config.orgId}/../documents/x.pdf`,
      `incoming/${t.services.config.orgId}/${crypto.randomUUID()}.pdf`, // well-formed but never uploaded
    ]) {
      const res = await recordJson(versionId, key);
      expect(res.status, key).toBe(400);
      expect(((await res.json()) as { error: { fields: object } }).error.fields).toHaveProperty("protocol");
    }
    expect(await uploadsCount()).toBe(before);

    const teacher = await t.signIn(["teacher", "class_teacher"]);
    expect((await t.app.request("/api/council/uploads", uploadsRequest(teacher.bearer))).status).toBe(403);
    expect((await t.app.request("/api/council/uploads", uploadsRequest({}))).status).toBe(401);
    // A cookie session needs the CSRF token for this POST like for any other.
    expect((await t.app.request("/api/council/uploads", uploadsRequest(secretary.cookie))).status).toBe(403);
    const withToken = { ...secretary.cookie, "x-csrf-token": secretary.csrf };
    expect((await t.app.request("/api/council/uploads", uploadsRequest(withToken))).status).toBe(201);
  });

  it("keeps the direct multipart upload working next to it", async () => {
    const versionId = await newDraft();
    const body = new FormData();
    for (const [k, v] of Object.entries({ ...MEETING, date: today(), versionId, protocolNumber: "8" }))
      body.append(k, v);
    body.append(
      "protocol",
      new Blob([scan as Uint8Array<ArrayBuffer>], { type: "application/pdf" }),
      "p.pdf",
    );
    const res = await t.app.request("/api/council/meetings", {
      method: "POST",
      headers: { ...secretary.bearer, ...ORIGIN },
      body,
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ outcome: "adopted" });
  });
});
