import {
  ALTERNATIVE_CHANNELS,
  type AlternativeChannel,
  docName,
  RELATIONS,
  type Relation,
} from "../documents/schemas.js";
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
export const decisionInputSchema = z.object({
  decision: z.enum(["consent", "refusal"], "Выберите: «Согласен(на)» или «Не согласен(на)»"),
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

export type DecisionInput = z.input<typeof decisionInputSchema>;
export type ValidDecision = z.output<typeof decisionInputSchema>;
