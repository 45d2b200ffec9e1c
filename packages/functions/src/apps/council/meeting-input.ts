import { meetingInputSchema, type ProtocolUpload } from "@soglasie/core/council/meetings";
import { MAX_PROTOCOL_BYTES } from "@soglasie/core/council/pdf-check";
import type { IncomingProtocol } from "@soglasie/core/council/protocol-upload";
import { PayloadTooLargeError, ValidationError } from "@soglasie/core/errors";
import { parseInput } from "@soglasie/core/validation";
import type { Context } from "hono";
import { parseFormBody } from "../../http/body.js";

const FIELDS = [
  "versionId",
  "date",
  "protocolNumber",
  "membersTotal",
  "membersPresent",
  "votesFor",
  "votesAgainst",
  "votesAbstained",
  "chair",
  "secretary",
  "agendaItem",
  "heard",
  // The page's confirmation of a «not adopted» outcome (not part of the record).
  "confirmNotAdopted",
] as const;

export interface MeetingRequest {
  /** The fields as sent (the page shows them again when the record is refused). */
  values: Record<string, string>;
  protocol?: ProtocolUpload | IncomingProtocol;
}

/**
 * Reads a meeting: its fields and the protocol scan, either as the `protocol` file of a multipart
 * request (checked for size before its bytes are read) or as `protocolKey`, the key of a scan the
 * browser already uploaded to S3 with a presigned POST (direct S3 transfers, see protocolUploadForm);
 * `protocolKey` may come in a multipart or urlencoded form or a JSON body. Whether the file is a PDF
 * is decided by the core from the content.
 */
export async function readMeeting(c: Context): Promise<MeetingRequest> {
  const type = (c.req.header("content-type") ?? "").toLowerCase();
  const isForm =
    type.startsWith("multipart/form-data") || type.startsWith("application/x-www-form-urlencoded");
  if (!isForm && !type.startsWith("application/json")) {
    throw new ValidationError("Отправьте форму с файлом протокола (multipart/form-data, поле protocol)", {
      protocol: ["Приложите файл протокола"],
    });
  }
  let body: Record<string, unknown>;
  if (isForm) {
    body = await parseFormBody(c).catch(() => {
      throw new ValidationError("Форма повреждена: отправьте её ещё раз", {
        protocol: ["Не удалось прочитать отправленную форму"],
      });
    });
  } else {
    const json = await c.req.json().catch(() => undefined);
    if (!json || typeof json !== "object" || Array.isArray(json))
      throw new ValidationError("Тело запроса не является объектом JSON", {});
    body = json as Record<string, unknown>;
  }
  const values: Record<string, string> = {};
  for (const name of FIELDS) {
    const value = body[name];
    if (typeof value === "string") values[name] = value;
    else if (typeof value === "number" && Number.isFinite(value)) values[name] = String(value);
  }
  const file = body.protocol;
  if (file instanceof File && file.size > 0) {
    if (file.size > MAX_PROTOCOL_BYTES) {
      throw new PayloadTooLargeError(
        `Файл протокола больше 20 МБ (${(file.size / 1024 / 1024).toFixed(1)} МБ). Отсканируйте с меньшим разрешением или в оттенках серого.`,
      );
    }
    return { values, protocol: { bytes: new Uint8Array(await file.arrayBuffer()), filename: file.name } };
  }
  const key = body.protocolKey;
  if (typeof key === "string" && key.trim() !== "") {
    values.protocolKey = key.trim().slice(0, 300);
    return { values, protocol: { incomingKey: values.protocolKey } };
  }
  return { values };
}

/** The meeting's fields checked against the core's schema (numbers, dates, names). */
export const meetingInput = (values: Record<string, string>) => parseInput(meetingInputSchema, values);

/** Errors about the scan name the `protocol` field (a too large file has no field of its own). */
export function protocolError(error: ValidationError | PayloadTooLargeError): ValidationError {
  if (error instanceof ValidationError) return error;
  return new ValidationError(error.message, { protocol: [error.message] });
}
