import { zValidator } from "@hono/zod-validator";
import { fieldErrorsFromZod, ValidationError } from "@soglasie/core/errors";
import { parseInput } from "@soglasie/core/validation";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { z } from "zod";
import type { AppEnv } from "./env.js";

/** The message of a body that breaks its schema (the fields say what is wrong). */
const INVALID_FIELDS = "Проверьте заполнение полей";

/**
 * A JSON media type, as Hono's validator reads one (`application/json`, `application/…+json`,
 * parameters allowed): the 415 check and the body reading agree on what JSON is.
 */
const isJsonType = (type: string | undefined) =>
  /^application\/([\w.-]+\+)?json$/i.test((type ?? "").split(";")[0]?.trim() ?? "");

/** 415 for a body that is not JSON, a clear 400 for one that does not parse. */
async function readJsonValue(c: Context): Promise<unknown> {
  if (!isJsonType(c.req.header("content-type"))) {
    throw new HTTPException(415, {
      message: "Ожидается тело запроса в формате JSON (Content-Type: application/json)",
    });
  }
  try {
    // Hono keeps the parsed body: the validator below reads it again without a second parse.
    return await c.req.json();
  } catch {
    throw new ValidationError("Тело запроса не является корректным JSON");
  }
}

/** Parses a JSON body against `schema` inside a handler (where the body must be read after other checks). */
export async function readJson<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  return parseInput(schema, await readJsonValue(c));
}

/**
 * Validates a JSON body at the edge (`c.req.valid("json")` in the handler): 415 for another content
 * type, 400 for bad JSON, and a `ValidationError` with field-level messages for a body that breaks
 * the schema, so the one error mapper (errors.ts) answers it like any other refused input.
 */
export function jsonBody<S extends z.ZodType>(schema: S) {
  const validate = zValidator("json", schema, (result) => {
    if (!result.success) throw new ValidationError(INVALID_FIELDS, fieldErrorsFromZod(result.error.issues));
  });
  const guarded: typeof validate = async (c, next) => {
    await readJsonValue(c);
    return validate(c, next);
  };
  return guarded;
}

/**
 * The parsed form body. A malformed multipart body (missing or wrong boundary, truncated parts)
 * makes the web parser throw; that is the client's fault, so it becomes a clear 400.
 */
export async function parseFormBody(
  c: Context,
  options?: { all?: boolean },
): Promise<Record<string, unknown>> {
  try {
    return (await c.req.parseBody(options ?? {})) as Record<string, unknown>;
  } catch {
    throw new ValidationError(
      "Не удалось прочитать отправленную форму: данные повреждены. Отправьте форму ещё раз.",
    );
  }
}

/** Form fields as strings (repeated fields as arrays); files are left out. */
export async function readForm(c: Context): Promise<Record<string, string | string[]>> {
  const type = c.req.header("content-type") ?? "";
  if (!type.startsWith("application/x-www-form-urlencoded") && !type.startsWith("multipart/form-data")) {
    throw new HTTPException(415, { message: "Ожидается отправка формы" });
  }
  const body = await parseFormBody(c, { all: true });
  const out: Record<string, string | string[]> = {};
  for (const [key, value] of Object.entries(body)) {
    if (typeof value === "string") out[key] = value;
    else if (Array.isArray(value)) out[key] = value.filter((v): v is string => typeof v === "string");
  }
  return out;
}

/** The first value of a form field ("" when absent). */
export const formValue = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? "";

/** The client address for rate limits and the parent's signature record. */
export function clientAddress(c: Context): string {
  const env = c.env as
    | {
        incoming?: { socket?: { remoteAddress?: string } };
        requestContext?: { http?: { sourceIp?: string } };
      }
    | undefined;
  // In Lambda, API Gateway's own record of the peer: X-Forwarded-For there starts with whatever
  // the client sent (API Gateway appends the real address), so it cannot be trusted.
  const gateway = env?.requestContext?.http?.sourceIp;
  if (gateway) return gateway;
  const services = (c as Context<AppEnv>).get("services");
  if (services?.config.trustProxy) {
    const forwarded = c.req.header("x-forwarded-for")?.split(",").pop()?.trim();
    if (forwarded) return forwarded;
  }
  return env?.incoming?.socket?.remoteAddress || "unknown";
}
