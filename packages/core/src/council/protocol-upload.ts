import { PayloadTooLargeError, ValidationError } from "../errors.js";
import type { Services } from "../services.js";
import { checkProtocolPdf, MAX_PROTOCOL_BYTES } from "./pdf-check.js";

/**
 * Protocol scans uploaded by the browser straight to S3 (presigned POST), for deployments where the
 * function cannot receive them: API Gateway → Lambda carries at most 6 MB, a scan may be 20 MB.
 * The browser posts the file to `incoming/<orgId>/<random id>.pdf`; S3 enforces the size, the key
 * and the content type of the policy. When the meeting is recorded the service reads the object,
 * checks it exactly as a direct upload (size, PDF by content), stores it content-addressed under
 * uploads/ and deletes the incoming object. Refused files are deleted at once; abandoned ones
 * expire with the bucket's lifecycle rule for incoming/ after a day.
 */

/** How long the upload form stays valid. */
export const PROTOCOL_UPLOAD_TTL_SECONDS = 3600;

export interface ProtocolUploadForm {
  /** Where the form posts (the bucket's endpoint). */
  url: string;
  /** Hidden fields, in order, before the file field `file`. */
  fields: Record<string, string>;
  /** The object key the file will have; the meeting then refers to it as `protocolKey`. */
  key: string;
  maxBytes: number;
  expiresAt: string;
}

/** An upload waiting in incoming/ that a meeting refers to. */
export interface IncomingProtocol {
  incomingKey: string;
}

const FIELD = "protocol";
const notFound = () =>
  new ValidationError("Загруженный скан протокола не найден: загрузите файл ещё раз", {
    [FIELD]: ["Файл не найден или срок его хранения истёк"],
  });

/** A presigned POST for one protocol scan; `redirect` is where S3 sends the browser afterwards. */
export async function protocolUploadForm(
  services: Services,
  opts: { redirect?: string } = {},
): Promise<ProtocolUploadForm> {
  const key = services.objects.temporaryKey("incoming", "pdf");
  const post = await services.objects.presignPost(key, {
    maxBytes: MAX_PROTOCOL_BYTES,
    contentType: "application/pdf",
    expiresIn: PROTOCOL_UPLOAD_TTL_SECONDS,
    redirect: opts.redirect,
  });
  return {
    url: post.url,
    fields: post.fields,
    key,
    maxBytes: MAX_PROTOCOL_BYTES,
    expiresAt: new Date(Date.now() + PROTOCOL_UPLOAD_TTL_SECONDS * 1000).toISOString(),
  };
}

/** Whether a key sent back by a browser or client is an incoming protocol of this organisation. */
export function isIncomingProtocolKey(services: Services, key: string): boolean {
  return services.objects.isTemporaryKey("incoming", key, "pdf");
}

const tooLarge = (size: number) =>
  new PayloadTooLargeError(
    `Файл протокола больше 20 МБ (${(size / 1024 / 1024).toFixed(1)} МБ). Отсканируйте с меньшим разрешением или в оттенках серого.`,
  );

/**
 * Checks that an incoming upload exists and is not larger than the limit without reading it (the
 * page shows the meeting form only then). A file over the limit is deleted and refused.
 */
export async function peekIncomingProtocol(services: Services, key: string): Promise<{ size: number }> {
  if (!isIncomingProtocolKey(services, key)) throw notFound();
  const head = await services.objects.head(key);
  if (!head) throw notFound();
  if (head.size > MAX_PROTOCOL_BYTES) {
    await discardIncomingProtocol(services, key);
    throw tooLarge(head.size);
  }
  return head;
}

/**
 * Reads an incoming upload for recording: the size first (HEAD, so an oversize object is never
 * loaded), then the bytes, checked as a PDF by content. A refused file is deleted: nothing of it stays.
 */
export async function readIncomingProtocol(services: Services, key: string): Promise<Uint8Array> {
  await peekIncomingProtocol(services, key);
  let bytes: Uint8Array;
  try {
    bytes = await services.objects.get(key);
  } catch (error) {
    if ((error as Error).name === "NoSuchKey") throw notFound();
    throw error;
  }
  try {
    // Checked again on the bytes: the object may have been replaced since the HEAD.
    checkProtocolPdf(bytes);
  } catch (error) {
    await discardIncomingProtocol(services, key);
    throw error;
  }
  return bytes;
}

/**
 * Removes an incoming upload: refused, or stored under uploads/. Best effort — a failed delete is
 * logged and the lifecycle rule removes the object within a day — so it never hides the real answer.
 */
export async function discardIncomingProtocol(services: Services, key: string): Promise<void> {
  await services.objects.deleteTemporary("incoming", key).catch((error: unknown) => {
    console.warn(
      JSON.stringify({ level: "warn", message: "incoming upload not deleted", key, error: String(error) }),
    );
  });
}
