import { docName, docText } from "../documents/schemas.js";
import { parseBirthDate } from "../students/birth-date.js";
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

const phoneSchema = optionalText(
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
);

const emailSchema = optionalText(
  z.string().trim().toLowerCase().pipe(z.email("Некорректный адрес почты").max(200)).optional(),
);

/** The student's stable id (students/identity.ts) as the service prints it in its exports. */
export const studentIdSchema = z
  .string()
  .trim()
  .regex(/^[0-9A-Za-z_-]{8,40}$/, "Код обучающегося: буквы и цифры из выгрузки сервиса");

/** One roster row as read from a file or a form; the date of birth is checked against `today`. */
export const rosterRowSchemaFor = (today: string) =>
  rosterRowSchema.extend({
    birthDate: optionalText(
      z
        .string()
        .max(40, "Дата рождения: в виде 01.09.2008")
        .transform((text, ctx) => {
          const parsed = parseBirthDate(text, today);
          if (!parsed.ok) {
            ctx.addIssue({ code: "custom", message: parsed.message });
            return z.NEVER;
          }
          return parsed.date;
        })
        .optional(),
    ),
  });

/** A roster row without the date of birth (the date needs the day of the import). */
export const rosterRowSchema = z.object({
  group: groupCodeSchema.pipe(docText(30)),
  student: fullName,
  parent: fullName,
  phone: phoneSchema,
  email: emailSchema,
  studentPhone: phoneSchema,
  studentEmail: emailSchema,
  studentId: optionalText(studentIdSchema.optional()),
});

/** A row as read from a file: every cell a string; phone and email may be absent. */
export interface RosterRowInput {
  group: string;
  student: string;
  parent: string;
  phone?: string;
  email?: string;
  /** The student's own contacts (optional columns). */
  studentPhone?: string;
  studentEmail?: string;
  /** «дата рождения», as offices write it (students/birth-date.ts). */
  birthDate?: string;
  /** The service's id of the student (re-imports of its own exports). */
  studentId?: string;
}
export type RosterRow = z.output<ReturnType<typeof rosterRowSchemaFor>>;
