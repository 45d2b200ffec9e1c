import { ValidationError } from "@soglasie/core/errors";
import { newVersionSchema } from "@soglasie/core/regulation/regulation-repository";
import { decodeText } from "@soglasie/core/regulation/text";
import { parseInput, type z } from "@soglasie/core/validation";
import type { Context } from "hono";
import { parseFormBody, readJson } from "../../http/body.js";

const filled = (v: unknown) => (typeof v === "string" && v.trim() ? v : undefined);

/**
 * A version creation request: JSON `{source, text, note}`, or a form with an optional text file
 * (UTF-8 or Windows-1251). Without a source, a text means "upload", none means "template".
 */
export async function newVersionInput(c: Context): Promise<z.output<typeof newVersionSchema>> {
  const type = c.req.header("content-type") ?? "";
  let fields: Record<string, unknown>;
  if (type.startsWith("application/json")) {
    const parsed: unknown = await c.req.json().catch(() => {
      throw new ValidationError("Тело запроса не является корректным JSON");
    });
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
      throw new ValidationError("Ожидается JSON-объект с полями source, text, note");
    }
    const body = parsed as Record<string, unknown>;
    fields = {
      source: String(body.source ?? (body.text ? "upload" : "template")),
      text: typeof body.text === "string" ? body.text : undefined,
      note: filled(body.note),
    };
  } else {
    const body = await parseFormBody(c);
    const file = body.text;
    let text: string | undefined;
    if (file instanceof File && file.size > 0) text = decodeText(new Uint8Array(await file.arrayBuffer()));
    else text = filled(file);
    const source = typeof body.source === "string" ? body.source : text ? "upload" : "template";
    fields = { source, text, note: filled(body.note) };
  }
  return parseInput(newVersionSchema, fields);
}

/**
 * An optional JSON body: none or empty means defaults. (API clients still send a JSON content type:
 * the CSRF middleware treats a POST without one as a form post.)
 */
export async function optionalJson<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  const type = c.req.header("content-type");
  if (type?.toLowerCase().startsWith("application/json") && (await c.req.text()).trim() === "") {
    return parseInput(schema, {});
  }
  if (!type) return parseInput(schema, {});
  return readJson(c, schema);
}
