import type { Context } from "hono";

/**
 * A draft («ПРОЕКТ») PDF made for this request and stored nowhere: shown in the browser (inline),
 * never cached (it may change with the next edit, and staff drafts name people).
 */
export function draftPdfResponse(c: Context, bytes: Uint8Array, filename: string): Response {
  const ascii = filename.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
    "content-type": "application/pdf",
    "content-disposition": `inline; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`,
    "cache-control": "no-store",
  });
}
