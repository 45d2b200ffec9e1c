import { type ExportSource, prepareExport } from "@soglasie/core/storage/exports";
import type { Context } from "hono";
import type { AppEnv } from "./env.js";

/** `attachment` with an ASCII fallback and the UTF-8 name (RFC 6266). */
export function attachmentHeader(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/**
 * Sends a built download (a ZIP...): the bytes themselves when small and local, otherwise a 302 to
 * a presigned S3 link of a temporary copy, because API Gateway → Lambda cannot return more than
 * 6 MB (core/storage/exports.ts decides).
 */
export async function sendExport(
  c: Context<AppEnv>,
  source: ExportSource,
  opts: { filename: string; contentType: string },
): Promise<Response> {
  const extension = /\.([A-Za-z0-9]{1,8})$/.exec(opts.filename)?.[1]?.toLowerCase() ?? "bin";
  const prepared = await prepareExport(c.get("services"), source, { ...opts, extension });
  c.header("cache-control", "no-store");
  if (prepared.kind === "link") return c.redirect(prepared.url, 302);
  return c.body(prepared.bytes as Uint8Array<ArrayBuffer>, 200, {
    "content-type": opts.contentType,
    "content-disposition": attachmentHeader(opts.filename),
  });
}
