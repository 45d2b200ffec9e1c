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

export const newStaffSchema = z.object({
  email: emailSchema,
  fullName: personName,
  position: cleanText(200),
  pedagogical: z.boolean(),
  roles: z.array(roleSchema).max(ROLES.length).default([]),
  password: passwordSchema,
});
export type NewStaff = z.input<typeof newStaffSchema>;

export const loginSchema = z.object({
  email: emailSchema,
  password: z.string().min(1, "Введите пароль").max(passwordSchemaRules.max),
});
