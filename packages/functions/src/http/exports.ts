import { type ExportSource, prepareExport } from "@soglasie/core/storage/exports";
import type { Context } from "hono";
import { attachment } from "./attachment.js";
import type { ServicesEnv } from "./env.js";

/** An answer that no browser or proxy keeps: personal data, short-lived links, check results. */
export const noStore = (c: Context) => c.header("cache-control", "no-store");

export interface FileDownload {
  /** Shown to the person (Russian names welcome): the header carries an ASCII fallback too. */
  filename: string;
  contentType: string;
  /** Cache-Control: not kept anywhere by default (personal and signed documents); `false` leaves it out. */
  cache?: string | false;
  headers?: Record<string, string>;
}

/** Sends bytes built in memory (a CSV, a PDF) as a download. */
export function sendFile(c: Context, body: string | Uint8Array, file: FileDownload): Response {
  const cache = file.cache ?? "no-store";
  return c.body(typeof body === "string" ? body : (body as Uint8Array<ArrayBuffer>), 200, {
    "content-type": file.contentType,
    "content-disposition": attachment(file.filename),
    ...(cache ? { "cache-control": cache } : {}),
    ...file.headers,
  });
}

/**
 * Sends a built download (a ZIP...): the bytes themselves when small and local, otherwise a 302 to
 * a presigned S3 link of a temporary copy, because API Gateway → Lambda cannot return more than
 * 6 MB (core/storage/exports.ts decides).
 */
export async function sendExport<E extends ServicesEnv>(
  c: Context<E>,
  source: ExportSource,
  opts: { filename: string; contentType: string },
): Promise<Response> {
  const extension = /\.([A-Za-z0-9]{1,8})$/.exec(opts.filename)?.[1]?.toLowerCase() ?? "bin";
  const prepared = await prepareExport(c.get("services"), source, { ...opts, extension });
  noStore(c);
  if (prepared.kind === "link") return c.redirect(prepared.url, 302);
  return c.body(prepared.bytes as Uint8Array<ArrayBuffer>, 200, {
    "content-type": opts.contentType,
    "content-disposition": attachment(opts.filename),
  });
}

/** A 302 to a short-lived presigned link of a stored object; the redirect itself is never cached. */
export function redirectToDownload(c: Context, url: string): Response {
  noStore(c);
  return c.redirect(url, 302);
}
