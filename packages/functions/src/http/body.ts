import { ValidationError } from "@soglasie/core/errors";
import { parseInput } from "@soglasie/core/validation";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { z } from "zod";
import type { AppEnv } from "./env.js";

/** Parses a JSON body against `schema`: 415 for another content type, 400 for bad JSON or fields. */
export async function readJson<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  const type = c.req.header("content-type") ?? "";
  if (!type.toLowerCase().startsWith("application/json")) {
    throw new HTTPException(415, {
      message: "Ожидается тело запроса в формате JSON (Content-Type: application/json)",
    });
  }
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw new ValidationError("Тело запроса не является корректным JSON");
  }
  return parseInput(schema, body);
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
