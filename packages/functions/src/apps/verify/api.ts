import type { Services } from "@soglasie/core/services";
import { Hono } from "hono";
import type { AppEnv } from "../../http/env.js";
import { noStore } from "../../http/exports.js";
import { publicRecord, publicVerifyResult } from "./json.js";
import { MAX_VERIFY_BYTES, TOO_LARGE, verifyBodyLimit } from "./upload-limit.js";

const tooLarge = { error: { code: "payload_too_large", message: TOO_LARGE } };

/**
 * The public verification API:
 *   GET  /api/verify/:documentId JSON: type, number, date, status, sha256, signer, signedAt
 *   POST /api/verify             body: the PDF (application/pdf, ≤ 20 MB) → {issued, unaltered, current, ...}
 */
export function verifyApi(services: Services): Hono<AppEnv> {
  const { documents } = services;
  const limit = verifyBodyLimit((c) => c.json(tooLarge, 413));

  return new Hono<AppEnv>()
    .get("/api/verify/:documentId", async (c) => {
      noStore(c);
      const record = await documents.get(c.req.param("documentId"));
      if (!record) return c.json({ error: { code: "not_found", message: "Документ не найден" } }, 404);
      return c.json(publicRecord(record));
    })
    .post("/api/verify", limit, async (c) => {
      noStore(c);
      const type = (c.req.header("content-type") ?? "").toLowerCase();
      if (!type.startsWith("application/pdf") && !type.startsWith("application/octet-stream")) {
        return c.json(
          {
            error: {
              code: "unsupported_media_type",
              message: "Отправьте файл PDF (Content-Type: application/pdf)",
            },
          },
          415,
        );
      }
      const bytes = new Uint8Array(await c.req.arrayBuffer());
      if (bytes.byteLength > MAX_VERIFY_BYTES) return c.json(tooLarge, 413);
      if (bytes.byteLength === 0) {
        return c.json({ error: { code: "validation_error", message: "Пустое тело запроса" } }, 400);
      }
      return c.json(publicVerifyResult(await documents.verifyBytes(bytes)));
    });
}
