import { GetObjectCommand } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { expect, it } from "vitest";
import { createTestStores } from "../support/stores.js";

it("probe", async () => {
  const s = await createTestStores();
  const o = await s.objects.put("documents", new Uint8Array([1, 2, 3]), { contentType: "application/pdf" });
  const fresh = await getSignedUrl(s.clients.s3, new GetObjectCommand({ Bucket: s.config.bucketName, Key: o.key }), { expiresIn: 60 });
  const old = await getSignedUrl(s.clients.s3, new GetObjectCommand({ Bucket: s.config.bucketName, Key: o.key }), { expiresIn: 60, signingDate: new Date(Date.now() - 3600_000) });
  const r1 = await fetch(fresh);
  const r2 = await fetch(old);
  console.log(r1.status, r2.status, await r2.text());
  expect(1).toBe(1);
});
