import { ruDate } from "../clock.js";
import {
  ALTERNATIVE_CHANNELS,
  type AlternativeChannel,
  docName,
  RELATIONS,
  type Relation,
} from "../documents/schemas.js";
import {
  type PersonalDataAnswer,
  type PersonalDataInputOptions,
  personalDataInputSchema,
} from "../personal-data/consent-input.js";
import { asRecord, field } from "../personal-data/identity-documents.js";
import type { AgeStatement, Respondent } from "../students/rules.js";
import { respondentByStatement } from "../students/rules.js";
import { z } from "../validation.js";
import { isLegalRepresentative } from "./rules.js";

export const RELATION_KEYS = Object.keys(RELATIONS) as Relation[];
export const ALTERNATIVE_KEYS = Object.keys(ALTERNATIVE_CHANNELS) as AlternativeChannel[];

/** Alternatives of clause 1.8 as parents and API clients name them. */
export const ALTERNATIVE_LABELS: Record<AlternativeChannel, string> = {
  diary: "Дневник обучающегося в АИС «Сетевой город. Образование»",
  meetings: "Очные встречи по предварительной договорённости",
  "parent-meetings": "Родительские собрания",
};

/** API names of the alternatives: the issue's `parent_meetings` and the documents' `parent-meetings`. */
export const apiAlternative = (a: AlternativeChannel) => a.replace("-", "_");

const relationByLabel = new Map<string, Relation>(
  Object.entries(RELATIONS).map(([key, label]) => [label.toLocaleLowerCase("ru-RU"), key as Relation]),
);

const asArray = (v: unknown) => (v === undefined || v === null || v === "" ? [] : Array.isArray(v) ? v : [v]);

/** Names compare as the roster's keys do: case, «ё»/«е» and spaces do not matter. */
const sameName = (s: string) => s.toLocaleLowerCase("ru-RU").replace(/ё/g, "е").replace(/\s+/g, " ").trim();

const checked = (v: unknown) => v === true || v === "on" || v === "true" || v === "1" || v === "yes";

/** A full name typed by the parent: surname and given name at least, printable in the document. */
export const parentNameSchema = docName.pipe(
  z
    .string()
    .refine((s) => s.split(" ").filter(Boolean).length >= 2, "Укажите фамилию, имя и отчество (если есть)"),
);

/**
 * The parent's answer, from the form or the JSON API. Relations may be keys («mother») or Russian
 * labels («мать»); alternatives may use `parent_meetings` or `parent-meetings`.
 */
export const decisionBaseSchema = z.object({
  decision: z.enum(["consent", "refusal", "withdrawal"], "Выберите: «Согласен(на)» или «Не согласен(на)»"),
  parentName: z.preprocess((v) => (v === undefined || v === null ? "" : v), parentNameSchema),
  relation: z.preprocess(
    (v) =>
      typeof v === "string" ? (relationByLabel.get(v.trim().toLocaleLowerCase("ru-RU")) ?? v.trim()) : v,
    z.custom<Relation>(isLegalRepresentative, "Укажите, кем вы приходитесь обучающемуся"),
  ),
  alternatives: z.preprocess(
    (v) => asArray(v).map((a) => (typeof a === "string" ? a.trim().replace("_", "-") : a)),
    z
      .array(
        z.enum(ALTERNATIVE_KEYS as [AlternativeChannel, ...AlternativeChannel[]], "Неизвестный способ связи"),
      )
      .max(3)
      .transform((a) => ALTERNATIVE_KEYS.filter((k) => a.includes(k))),
  ),
  confirm: z.preprocess(
    checked,
    z.literal(true, "Подтвердите, что вы являетесь родителем (законным представителем) обучающегося"),
  ),
});

/**
 * The adult student's own answer: the same decision and alternatives, the student's typed name
 * (which must be the name the group's list gives) and the student's own confirmation; no relation.
 */
export const studentAnswerSchema = z.object({
  decision: decisionBaseSchema.shape.decision,
  studentName: z.preprocess((v) => (v === undefined || v === null ? "" : v), parentNameSchema),
  alternatives: decisionBaseSchema.shape.alternatives,
  confirm: z.preprocess(
    checked,
    z.literal(
      true,
      "Подтвердите, что вы — обучающийся, названный на этой странице, и вам исполнилось 18 лет",
    ),
  ),
});

export const STUDENT_AGE_MESSAGE = "Укажите, исполнилось ли обучающемуся 18 лет";
export const STUDENT_NAME_MISMATCH =
  "Введите свои фамилию, имя и отчество так, как они указаны в списке группы (вверху страницы)";

/** «Исполнилось ли обучающемуся 18 лет?», asked when the date of birth is unknown. */
export const studentAgeSchema = z.preprocess(
  (v) => (v === "" || v === null ? undefined : v),
  z.enum(["adult", "minor"], STUDENT_AGE_MESSAGE),
);

/** What a submission is checked against besides its own fields. */
export interface DecisionInputOptions extends PersonalDataInputOptions {
  /** The parents' signature rules in force, and whether this link still has to accept them. */
  pepRules: { version: number; date: string; required: boolean };
  /**
   * Who answers (students/rules.ts, respondentOn): the student from 18, the representative of a
   * minor, or "ask" when the date of birth is unknown (the answer `studentAge` decides).
   */
  respondent?: Respondent | "ask";
  /** The student's name as the group's list gives it (the adult student signs with it). */
  studentName?: string;
}

export type DecisionInput = z.input<typeof decisionBaseSchema> & {
  personalData?: unknown;
  pepRulesAccepted?: unknown;
  pepRulesVersion?: unknown;
};
export type ValidDecision = Omit<z.output<typeof decisionBaseSchema>, "relation"> & {
  /** Absent when the student answers personally. */
  relation?: Relation;
  /** Who signs; `parentName` is the signer's typed name (the student's own when "student"). */
  respondent: Respondent;
  /** The applicant's statement of the student's age, given when the date of birth is unknown. */
  ageStatement?: AgeStatement;
  /** The personal-data consent's elements (consents only). */
  personalData?: PersonalDataAnswer;
  /** The current signature rules were accepted with this answer. */
  pepRulesAccepted: boolean;
};

export const PEP_ACCEPT_MESSAGE =
  "Подтвердите, что вы ознакомились с Правилами использования простой электронной подписи и принимаете их";

/**
 * The whole answer: its own fields, the personal-data consent's elements when it is a consent
 * (personal-data/consent-input.ts) and the acceptance of the signature rules when this link has not
 * accepted the version in force (rules.ts, pepRulesAcceptanceRequired). Every problem is reported
 * at its field at once, so the form shows them all after one submit.
 */
export function decisionInputSchemaFor(opts: DecisionInputOptions): z.ZodType<ValidDecision> {
  return z.unknown().transform((value, ctx) => {
    const raw = asRecord(value);
    const asked = (opts.respondent ?? "representative") === "ask";
    const ageStatement = asked
      ? (field(ctx, ["studentAge"], studentAgeSchema, raw.studentAge) as AgeStatement | undefined)
      : undefined;
    const respondent: Respondent | undefined = asked
      ? ageStatement && respondentByStatement(ageStatement)
      : ((opts.respondent as Respondent | undefined) ?? "representative");
    // Without the age answer the fields are checked as the form shows them first: the parent's.
    const shape: Record<string, z.ZodType> =
      respondent === "student" ? studentAnswerSchema.shape : decisionBaseSchema.shape;
    const base = {} as Record<string, unknown>;
    for (const key of Object.keys(shape)) base[key] = field(ctx, [key], shape[key]!, raw[key]);
    if (
      respondent === "student" &&
      typeof base.studentName === "string" &&
      opts.studentName &&
      sameName(base.studentName) !== sameName(opts.studentName)
    ) {
      ctx.addIssue({ code: "custom", path: ["studentName"], message: STUDENT_NAME_MISMATCH });
      base.studentName = undefined;
    }
    const accepted = checked(raw.pepRulesAccepted);
    if (opts.pepRules.required && !accepted)
      ctx.addIssue({ code: "custom", path: ["pepRulesAccepted"], message: PEP_ACCEPT_MESSAGE });
    if (
      accepted &&
      raw.pepRulesVersion !== undefined &&
      raw.pepRulesVersion !== null &&
      raw.pepRulesVersion !== ""
    ) {
      if (Number(raw.pepRulesVersion) !== opts.pepRules.version)
        ctx.addIssue({
          code: "custom",
          path: ["pepRulesAccepted"],
          message: `Правила обновлены: действует редакция № ${opts.pepRules.version} от ${ruDate(opts.pepRules.date)}. Ознакомьтесь с ней и подтвердите снова`,
        });
    }
    const personalData =
      base.decision === "consent"
        ? field(
            ctx,
            ["personalData"],
            personalDataInputSchema(
              opts,
              base.relation as Relation | undefined,
              respondent ?? "representative",
            ),
            raw.personalData,
          )
        : undefined;
    if (!respondent || Object.values(base).some((v) => v === undefined)) return z.NEVER;
    if (base.decision === "consent" && !personalData) return z.NEVER;
    const { studentName, ...rest } = base;
    return {
      ...(rest as Omit<z.output<typeof decisionBaseSchema>, "parentName">),
      parentName: (respondent === "student" ? studentName : base.parentName) as string,
      respondent,
      ...(ageStatement ? { ageStatement } : {}),
      ...(personalData ? { personalData } : {}),
      pepRulesAccepted: accepted,
    };
  });
}

/** Who signed a decision, for lists and receipts: the relation, or «сам обучающийся» (from 18). */
export const signerRoleLabel = (d: { relation?: Relation; respondent?: Respondent }): string =>
  d.respondent === "student" || !d.relation ? "сам обучающийся" : RELATIONS[d.relation];
