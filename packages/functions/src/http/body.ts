import { ValidationError } from "@soglasie/core/errors";
import { parseInput } from "@soglasie/core/validation";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { z } from "zod";

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

/** Form fields as strings (repeated fields as arrays); files are left out. */
export async function readForm(c: Context): Promise<Record<string, string | string[]>> {
  const type = c.req.header("content-type") ?? "";
  if (!type.startsWith("application/x-www-form-urlencoded") && !type.startsWith("multipart/form-data")) {
    throw new HTTPException(415, { message: "Ожидается отправка формы" });
  }
  const body = await c.req.parseBody({ all: true });
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
  const forwarded = c.req.header("x-forwarded-for")?.split(",")[0]?.trim();
  return forwarded || env?.incoming?.socket?.remoteAddress || "unknown";
}
