import { createHash } from "node:crypto";
import { DEMO_DATA } from "@soglasie/core/documents/layout/demo";
import { issueOrder } from "@soglasie/core/orders/issue-order";
import { EXPORT_INLINE_MAX_BYTES, prepareExport } from "@soglasie/core/storage/exports";
import { bucketDefinition } from "@soglasie/core/storage/table";
import { beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp, type TestSession } from "../support/app.js";
import { unzipFile, zipNames } from "./support.js";

/**
 * Large downloads go through S3: API Gateway → Lambda returns at most 6 MB (≈ 4.4 MB binary), so
 * on AWS (direct S3 transfers) every ZIP, and anywhere a ZIP over 4 MB, is stored under exports/
 * (expired by the lifecycle) and answered with a 302 to a short-lived presigned link.
 */

const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

let t: TestApp;
let director: TestSession;
let orderIds: string[];

beforeAll(async () => {
  t = await createTestApp({ config: { directS3Transfers: true } });
  director = await t.signIn(["director"], { pedagogical: false });
  const actor = { type: "staff", id: director.staff.staffId, role: "director" } as const;
  orderIds = [];
  for (const date of ["2026-01-12", "2026-02-03"]) {
    const order = await issueOrder(t.services, {
      kind: "approve-regulation",
      documentType: "order-approve-regulation",
      title: "Об утверждении Положения об использовании ИКОП «Сферум»",
      date,
      actor,
      owner: { type: "regulation", id: `v-${date}` },
      buildData: () => DEMO_DATA["order-approve-regulation"],
    });
    orderIds.push(order.orderId);
  }
});

describe("ZIP downloads through S3", () => {
  it("archive.zip answers with a presigned link to a temporary copy under exports/ when direct S3 transfers are on", async () => {
    const res = await t.app.request(`/api/orders/archive.zip?${orderIds.map((id) => `id=${id}`).join("&")}`, {
      headers: director.bearer,
    });
    expect(res.status).toBe(302);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const url = new URL(res.headers.get("location")!);
    expect(url.searchParams.get("X-Amz-Expires")).toBe("300");
    const key = decodeURIComponent(url.pathname).replace(`/${t.services.config.bucketName}/`, "");
    expect(key).toMatch(
      new RegExp(
        `^${bucketDefinition.temporary.exports.prefix}${t.services.config.orgId}/[0-9a-f-]{36}\\.zip$`,
      ),
    );

    const download = await fetch(url);
    expect(download.status).toBe(200);
    expect(download.headers.get("content-disposition")).toContain(encodeURIComponent("Приказы.zip"));
    const zip = new Uint8Array(await download.arrayBuffer());
    expect((await zipNames(zip)).sort()).toEqual([
      "Приказ_1-од_от_12.01.2026.pdf",
      "Приказ_2-од_от_03.02.2026.pdf",
    ]);
    const order = (await (
      await t.app.request(`/api/orders/${orderIds[0]}`, { headers: director.bearer })
    ).json()) as {
      documentId: string;
    };
    const record = await t.services.documents.get(order.documentId);
    expect(sha(await unzipFile(zip, "Приказ_1-од_от_12.01.2026.pdf"))).toBe(record?.sha256);
  });

  it("locally sends small files inline and anything over 4 MB through S3", async () => {
    const local = { ...t.services, config: { ...t.services.config, directS3Transfers: false } };
    const opts = { filename: "Архив.zip", contentType: "application/zip", extension: "zip" };

    const small = new Uint8Array(EXPORT_INLINE_MAX_BYTES).fill(7);
    const inline = await prepareExport(local, small, opts);
    expect(inline.kind).toBe("inline");
    // The very bytes, not a copy (deep equality of 4 MB would only slow the test down).
    expect(inline.kind === "inline" && inline.bytes === small).toBe(true);

    // A stream (yazl's output) is collected first, then measured.
    const big = new Uint8Array(EXPORT_INLINE_MAX_BYTES + 1).fill(9);
    async function* chunks() {
      yield big.subarray(0, 1000);
      yield big.subarray(1000);
    }
    const linked = await prepareExport(local, chunks(), opts);
    expect(linked).toMatchObject({ kind: "link", size: big.byteLength });
    if (linked.kind !== "link") throw new Error("expected a link");
    expect(linked.key.startsWith(`exports/${t.services.config.orgId}/`)).toBe(true);
    const fetched = new Uint8Array(await (await fetch(linked.url)).arrayBuffer());
    expect(fetched.byteLength).toBe(big.byteLength);
    expect(sha(fetched)).toBe(sha(big));
  });
});
