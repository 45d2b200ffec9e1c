import { docName, docText } from "../documents/schemas.js";
import { cleanText, z } from "../validation.js";
import { normalizePhone } from "./normalize.js";

/** «ТМ-21», «1-ЭС-9», «ПКС 22/1»: letters, digits, space, dot, hyphen, slash. */
export const groupCodeSchema = cleanText(30).pipe(
  z
    .string()
    .regex(
      /^[\p{L}\p{N}][\p{L}\p{N} ./_\u2010-\u2015-]*$/u,
      "Код группы: буквы, цифры, дефис, точка, косая черта",
    ),
);

/** A full name of at least surname and given name, printable in documents. */
const fullName = docName.pipe(
  z
    .string()
    .refine((s) => s.split(" ").filter(Boolean).length >= 2, "Укажите фамилию и имя (и отчество, если есть)"),
);

const optionalText = (schema: z.ZodType<string | undefined>) =>
  z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), schema);

/** One roster row as read from a file or a form. */
export const rosterRowSchema = z.object({
  group: groupCodeSchema.pipe(docText(30)),
  student: fullName,
  parent: fullName,
  phone: optionalText(
    z
      .string()
      .max(40, "Слишком длинный номер")
      .transform((p, ctx) => {
        const normalized = normalizePhone(p);
        if (!normalized) {
          ctx.addIssue({ code: "custom", message: "Телефон: 11 цифр, например +7 914 123-45-67" });
          return z.NEVER;
        }
        return normalized;
      })
      .optional(),
  ),
  email: optionalText(
    z.string().trim().toLowerCase().pipe(z.email("Некорректный адрес почты").max(200)).optional(),
  ),
});

/** A row as read from a file: every cell a string; phone and email may be absent. */
export interface RosterRowInput {
  group: string;
  student: string;
  parent: string;
  phone?: string;
  email?: string;
}
export type RosterRow = z.output<typeof rosterRowSchema>;
