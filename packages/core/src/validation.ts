import { config } from "zod";
// Only the Russian locale: `z.locales.ru()` would keep all of zod's locales in the bundles.
import ru from "zod/v4/locales/ru.js";
import { fieldErrorsFromZod, ValidationError } from "./errors.js";
import * as z from "./zod-api.js";

// Russian messages for every zod schema of the service: people see them unchanged.
config(ru());

/** Parses input with a schema or throws a ValidationError with field-level messages. */
export function parseInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
  message = "Проверьте заполнение полей",
): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new ValidationError(message, fieldErrorsFromZod(result.error.issues));
  return result.data;
}

/** Text typed by people: trimmed, NFC-normalised, without control or bidi-override characters. */
export const cleanText = (max: number) =>
  z
    .string()
    .transform((s) =>
      s
        .normalize("NFC")
        // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
        .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u200E\u200F\u202A-\u202E\u2066-\u2069]/g, "")
        .replace(/\s+/g, " ")
        .trim(),
    )
    .pipe(z.string().min(1, "Заполните поле").max(max, `Не длиннее ${max} символов`));

/** A person's full name in Cyrillic or Latin letters, spaces, hyphens and apostrophes. */
export const personName = cleanText(200).pipe(
  z.string().regex(/^[\p{L}][\p{L}\p{M} .'’-]*$/u, "Только буквы, пробелы, дефис и апостроф"),
);

export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Дата в формате ГГГГ-ММ-ДД")
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
  }, "Несуществующая дата");

export { z };
