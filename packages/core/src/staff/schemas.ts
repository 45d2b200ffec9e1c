import type { PositionCase } from "../language/positions.js";
import { cleanText, personName, z } from "../validation.js";
import { passwordSchemaRules } from "./password.js";
import { ROLES } from "./roles.js";

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email("Неверный адрес электронной почты").max(254));

export const passwordSchema = z
  .string()
  .min(passwordSchemaRules.min, `Пароль не короче ${passwordSchemaRules.min} символов`)
  .max(passwordSchemaRules.max, `Пароль не длиннее ${passwordSchemaRules.max} символов`);

export const roleSchema = z.enum(ROLES, { error: "Неизвестная роль" });

/** «male» / «female»: when the patronymic does not tell (or tells wrong), documents use this. */
export const genderSchema = z.enum(["male", "female"], "Укажите пол: male или female");

/** A work phone for the «отметка об исполнителе»: digits with + ( ) - and spaces, at least 5 digits. */
export const phoneSchema = cleanText(30).pipe(
  z
    .string()
    .regex(/^\+?[\d\s()-]+$/, "Телефон: цифры, пробелы, +, скобки и дефис")
    .refine((p) => p.replace(/\D/g, "").length >= 5, "Телефон: не меньше 5 цифр"),
);

/** The position's forms inside a sentence, each optional (the rest are computed). */
export const positionCasesSchema = z
  .object({
    genitive: cleanText(200).optional(),
    dative: cleanText(200).optional(),
    accusative: cleanText(200).optional(),
    instrumental: cleanText(200).optional(),
  } satisfies Record<PositionCase, unknown>)
  .strict();
export type PositionCasesInput = z.input<typeof positionCasesSchema>;

export const newStaffSchema = z.object({
  email: emailSchema,
  fullName: personName,
  position: cleanText(200),
  pedagogical: z.boolean(),
  roles: z.array(roleSchema).max(ROLES.length).default([]),
  password: passwordSchema,
  gender: genderSchema.optional(),
  /** Forms of the position the director corrected; missing ones are computed from the position. */
  positionCases: positionCasesSchema.optional(),
  phone: phoneSchema.optional(),
});
export type NewStaff = z.input<typeof newStaffSchema>;

export const loginSchema = z.object({
  email: emailSchema,
  password: z.string().min(1, "Введите пароль").max(passwordSchemaRules.max),
});
