import { type AppConfig, directS3Transfers } from "../config.js";
import type { ObjectStore } from "./object-store.js";

/**
 * Large downloads (ZIP archives of signed documents) cannot pass through API Gateway → Lambda,
 * which returns at most 6 MB (≈ 4.4 MB of binary after base64). Such a file is stored under
 * `exports/<orgId>/<random id>.zip` (the lifecycle expires it after a day) and the caller sends a
 * short-lived presigned link instead of the bytes.
 */

/** Above this a download goes through S3 even locally (below the ≈ 4.4 MB that API Gateway passes). */
export const EXPORT_INLINE_MAX_BYTES = 4 * 1024 * 1024;
/** Lifetime of an export link: long enough to start the download. */
export const EXPORT_LINK_TTL_SECONDS = 300;

/** What an export is built as: bytes, a Node stream (yazl's output) or any async iterable of chunks. */
export type ExportSource = Uint8Array | NodeJS.ReadableStream | AsyncIterable<Uint8Array | string>;

export type PreparedExport =
  | { kind: "inline"; bytes: Uint8Array }
  | { kind: "link"; url: string; key: string; size: number };

async function collect(source: ExportSource): Promise<Uint8Array> {
  if (source instanceof Uint8Array) return source;
  const chunks: Buffer[] = [];
  for await (const chunk of source as AsyncIterable<Uint8Array | string>) {
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}

/**
 * Decides how a built file reaches the user: inline (local mode, small file) or through S3 with a
 * presigned link (always where direct S3 transfers are on, i.e. on AWS, and above 4 MB anywhere).
 */
export async function prepareExport(
  services: { config: AppConfig; objects: ObjectStore; now: () => Date },
  source: ExportSource,
  opts: { filename: string; contentType: string; extension: string },
): Promise<PreparedExport> {
  const bytes = await collect(source);
  if (!directS3Transfers(services.config) && bytes.byteLength <= EXPORT_INLINE_MAX_BYTES) {
    return { kind: "inline", bytes };
  }
  const stored = await services.objects.putTemporary("exports", bytes, {
    contentType: opts.contentType,
    extension: opts.extension,
  });
  const url = await services.objects.presign(stored.key, {
    expiresIn: EXPORT_LINK_TTL_SECONDS,
    filename: opts.filename,
    contentType: opts.contentType,
    signingDate: services.now(),
  });
  return { kind: "link", url, key: stored.key, size: stored.size };
}
