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

/** Most groups a promotion takes at once (a college has far fewer). */
export const MAX_PROMOTION = 300;

/**
 * `POST /api/groups/promote`: each rename names its group by id or by its current code (`from`),
 * and gives the new code; the codes themselves are checked by planPromotion (academic-year.ts).
 */
export const promoteInputSchema = z.object({
  renames: z
    .array(
      z
        .object({
          groupId: optional(id("Укажите группу")),
          from: optional(z.string({ error: "Укажите текущий код группы" }).trim().min(1).max(30)),
          code: z
            .string({ error: "Укажите новый код группы" })
            .trim()
            .min(1, "Укажите новый код группы")
            .max(30, "Код группы — не длиннее 30 знаков"),
        })
        .refine((s) => Boolean(s.groupId) !== Boolean(s.from), {
          message: "Укажите группу: её идентификатор (groupId) или текущий код (from)",
          path: ["groupId"],
        }),
      { error: "Укажите переименования групп" },
    )
    .min(1, "Выберите хотя бы одну группу")
    .max(MAX_PROMOTION, `Не больше ${MAX_PROMOTION} групп за один раз`),
  basis,
});
