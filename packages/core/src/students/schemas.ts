import { docText } from "../documents/schemas.js";
import { z } from "../validation.js";
import { MAX_BASIS_LENGTH } from "./movement.js";

const LEAVE_KINDS = ["expelled", "graduated", "academic_leave"] as const;

const optional = <S extends z.ZodType>(schema: S) =>
  z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), schema.optional());

/** «Приказ № 45-к от 01.09.2026»: printable text, no line breaks. */
const basis = optional(docText(MAX_BASIS_LENGTH));

const id = (message: string) => z.string({ error: message }).trim().min(1, message).max(64, message);

export const transferInputSchema = z.object({
  toGroupId: id("Выберите группу, в которую переводится обучающийся"),
  basis,
});

export const leaveInputSchema = z.object({
  kind: z.enum(LEAVE_KINDS, { error: "Выберите причину: отчисление, выпуск или академический отпуск" }),
  basis,
});

export const returnInputSchema = z.object({
  toGroupId: optional(id("Выберите группу")),
  basis,
});

/** A group's new code (a new academic year), with the basis (an order) when there is one. */
export const renameInputSchema = z.object({
  code: z.string({ error: "Укажите новый код группы" }).trim().min(1, "Укажите новый код группы").max(30),
  basis,
});
