import { gendered, genderOf } from "../language/names.js";
import { personForms } from "../language/person-forms.js";
import {
  authorityDocumentSchema,
  IDENTITY_DOCUMENT_TYPES,
  identityDocumentSchema,
} from "../personal-data/identity-documents.js";
import { cleanText, isoDate, personName, z } from "../validation.js";
import { missingGlyphs } from "./layout/glyphs.js";
import type { DocumentType } from "./types.js";

/**
 * The data of each document type. Everything printed passes through these schemas first, so a
 * missing or wrong field fails with a ValidationError naming it (dotted path) before any byte of
 * PDF is produced. Texts are cleaned (control and bidi characters removed, whitespace collapsed)
 * and must be drawable with the document font.
 */

const drawable = <S extends z.ZodType<string>>(schema: S) =>
  schema.superRefine((value, ctx) => {
    const missing = missingGlyphs(value);
    if (missing.length > 0) {
      ctx.addIssue({
        code: "custom",
        message: `Символы ${missing.slice(0, 5).join(" ")} нельзя напечатать в документе`,
      });
    }
  });

/** Free text of a document: cleaned, at most `max` characters, printable with Tinos. */
export const docText = (max: number) => drawable(cleanText(max));
/** A person's full name. */
export const docName = drawable(personName);
/** Registration numbers of protocols and orders: «3», «45-од», «12/1». */
export const regNumber = drawable(
  cleanText(50).pipe(
    z.string().regex(/^[\p{L}\p{N}][\p{L}\p{N} ./\\-]*$/u, "Номер: буквы, цифры, точка, дефис, косая черта"),
  ),
);
const count = (max: number) =>
  z.number().int("Целое число").min(0, "Не меньше 0").max(max, `Не больше ${max}`);

const gender = z.enum(["male", "female"], "Пол: male или female");

/**
 * A person an order names, with the position as it reads inside a sentence. The output adds every
 * form a template needs: `{{x.dative.position}} {{x.dative.name}}` («преподавателю информатики
 * Смирнову Алексею Игоревичу»), `{{x.accusative.…}}`, `{{x.acquainted}}` («ознакомлена»).
 * `positionCases` are the forms the director checked (staff records); missing ones are computed.
 */
export const personSchema = z
  .object({
    name: docName,
    position: docText(200),
    gender: gender.optional(),
    positionCases: z
      .object({
        genitive: docText(200).optional(),
        dative: docText(200).optional(),
        accusative: docText(200).optional(),
        instrumental: docText(200).optional(),
      })
      .optional(),
  })
  .transform(personForms);

/** Who signs the document: the «Подпись» requisite (position, and the name printed as И.О. Фамилия). */
const signerSchema = z.object({ name: docName, position: docText(200) });

/** Отметка об исполнителе: who prepared the document and their work phone. */
const executorSchema = z.object({ name: docName, phone: docText(30).optional() });

/** The people an order names, in the «С приказом ознакомлен(ы)» rows (date and method left blank). */
const acquaintancesSchema = z
  .array(personSchema)
  .min(1, "Приказ называет хотя бы одного работника")
  .max(600, "Не больше 600 работников в листе ознакомления");

/**
 * One row of an acknowledgment sheet. A row acknowledged in the service has the date, the local
 * time and the number of the person's own record; a row without a date is left for a handwritten
 * mark. `acquainted` («ознакомлен», «ознакомлена») follows the person's gender.
 */
const acknowledgmentEntry = z
  .object({
    name: docName,
    position: docText(200),
    gender: gender.optional(),
    /** Date of acknowledgment; empty rows stay blank for a handwritten mark. */
    date: isoDate.optional(),
    /** Local time of the acknowledgment in the service, «10:15». */
    time: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "Время в формате ЧЧ:ММ")
      .optional(),
    /** Number of the person's acknowledgment record in the service. */
    record: z
      .string()
      .regex(/^[A-Z0-9-]{4,40}$/, "Номер записи: латинские заглавные буквы и цифры")
      .optional(),
    /** The mark of a row acknowledged outside the service (default «ознакомлен(а)» when dated). */
    mark: docText(100).optional(),
  })
  .superRefine((e, ctx) => {
    if (e.record && !(e.date && e.time)) {
      ctx.addIssue({ code: "custom", path: ["time"], message: "У записи в системе нужны дата и время" });
    }
  })
  .transform((e) => ({
    ...e,
    acquainted: gendered(e.gender ?? genderOf(e.name), "ознакомлен", "ознакомлена"),
  }));

/** A council decision that a document refers to. */
const councilRef = z.object({ date: isoDate, protocolNumber: regNumber });
/** The order that approved the regulation. */
const orderRef = z.object({ date: isoDate, orderNumber: regNumber });

export const RELATIONS = {
  mother: "мать",
  father: "отец",
  guardian: "опекун",
  trustee: "попечитель",
  other: "иной законный представитель",
} as const;
export type Relation = keyof typeof RELATIONS;

/** Alternative channels of clause 1.8 of the regulation, in the order the regulation lists them. */
export const ALTERNATIVE_CHANNELS = {
  diary: "дневник обучающегося в АИС «Сетевой город. Образование»",
  meetings: "очные встречи по предварительной договоренности",
  "parent-meetings": "родительские собрания",
} as const;
export type AlternativeChannel = keyof typeof ALTERNATIVE_CHANNELS;

const relation = z.enum(Object.keys(RELATIONS) as [Relation, ...Relation[]], "Выберите степень родства");

/** Rendered on a document signed by a person: ISO instant (printed in the organisation's time zone). */
const instant = z.iso.datetime({ offset: true, error: "Дата и время в формате ISO 8601" });

/**
 * Who signs a decision's documents: the parent (legal representative) of a minor, or the student
 * personally from 18 (ГК РФ art. 21; docs/students.md). Absent: the representative (older documents).
 */
const respondent = z.enum(["student", "representative"], "Кто подписывает: student или representative");
/**
 * What the signer stated about the student's age when the college did not know the date of birth
 * (students/rules.ts, respondentByStatement); printed in the document.
 */
const ageStatement = z.enum(["adult", "minor"], "Возраст обучающегося: adult или minor").optional();

/** The representative's part is required unless the student signs personally. */
function representativeRequired(key: string) {
  return (
    d: { respondent: string } & Record<string, unknown>,
    ctx: { addIssue(issue: { code: "custom"; path: string[]; message: string }): void },
  ) => {
    if (d.respondent === "student" ? d[key] !== undefined : d[key] === undefined)
      ctx.addIssue({
        code: "custom",
        path: [key],
        message:
          d.respondent === "student"
            ? "Совершеннолетний обучающийся подписывает сам: сведения о представителе не указываются"
            : "Укажите родителя (законного представителя)",
      });
    if (d.respondent === "student" && d.ageStatement === "minor")
      ctx.addIssue({
        code: "custom",
        path: ["ageStatement"],
        message: "Обучающийся подписывает сам: он совершеннолетний",
      });
    if (d.respondent === "representative" && d.ageStatement === "adult")
      ctx.addIssue({
        code: "custom",
        path: ["ageStatement"],
        message: "За совершеннолетнего представитель не подписывает",
      });
  };
}

/**
 * How the signature was confirmed (consent/confirmation-codes.ts): a code sent to the masked
 * contact, or the link alone because no contact was on file; absent when codes are off.
 */
const confirmation = z
  .object({
    method: z.enum(["code", "link-only"]),
    to: docText(60).optional(),
  })
  .optional();

const decisionBase = z.object({
  student: z.object({ name: docName, group: docText(50) }),
  respondent: respondent.default("representative"),
  ageStatement,
  /** Absent when the student signs personally. */
  parent: z.object({ name: docName, relation }).optional(),
  /** When the parent confirmed the decision (ISO instant); printed in the organisation's time zone. */
  decidedAt: z.iso.datetime({ offset: true, error: "Дата и время в формате ISO 8601" }),
  /** The full name the parent typed to sign (simple electronic signature). */
  typedName: docName,
  confirmation,
  /** The approval of the regulation the parent read (printed when given). */
  regulation: orderRef.optional(),
});

export const documentSchemas = {
  regulation: z.object({
    /** Absent only on a draft shown before the council's decision (renderDraft). */
    adoption: councilRef.optional(),
    approval: orderRef.optional(),
  }),

  "protocol-extract": z
    .object({
      meetingDate: isoDate,
      protocolNumber: regNumber,
      membersTotal: count(1000).min(1, "Не меньше 1"),
      membersPresent: count(1000),
      /** Whether the quorum was present (default: more than half of the members). */
      quorum: z.boolean().optional(),
      agendaNumber: z.number().int().min(1).max(100).optional(),
      agendaItem: docText(2000),
      /** «СЛУШАЛИ»: who reported, what about. */
      heard: docText(10_000).optional(),
      votes: z.object({ for: count(1000), against: count(1000), abstained: count(1000) }),
      /** Whether the decision was adopted (default: more than half of the votes of those present). */
      adopted: z.boolean().optional(),
      decision: docText(10_000),
      chair: docName,
      secretary: docName,
      /**
       * Отметка о заверении выписки («Верно», ГОСТ Р 7.0.97 requisite 26): who certified it (the
       * council secretary, position in the nominative) and when: the day the extract is signed.
       */
      certification: z.object({ name: docName, position: docText(200), date: isoDate }),
    })
    .superRefine((d, ctx) => {
      if (d.certification.date < d.meetingDate) {
        ctx.addIssue({
          code: "custom",
          path: ["certification", "date"],
          message: "Выписка не может быть заверена раньше заседания",
        });
      }
      if (d.membersPresent > d.membersTotal) {
        ctx.addIssue({
          code: "custom",
          path: ["membersPresent"],
          message: "Присутствующих больше, чем членов совета",
        });
      }
      if (d.votes.for + d.votes.against + d.votes.abstained > d.membersPresent) {
        ctx.addIssue({ code: "custom", path: ["votes"], message: "Голосов больше, чем присутствующих" });
      }
    }),

  "order-approve-regulation": z.object({
    council: councilRef,
    /** Date the regulation comes into force (default: the day the order is signed). */
    effectiveDate: isoDate.optional(),
    /** Who makes staff acknowledge the regulation and publishes it. */
    responsible: personSchema,
    /** Who controls the execution (default: the director). */
    controller: personSchema.optional(),
    signer: signerSchema,
    executor: executorSchema.optional(),
    acquaintances: acquaintancesSchema,
  }),

  "order-appoint-administrator": z.object({
    appointee: personSchema,
    effectiveDate: isoDate.optional(),
    /** Person responsible for control of the execution (default: the director). */
    controller: personSchema.optional(),
    regulation: orderRef.optional(),
    signer: signerSchema,
    executor: executorSchema.optional(),
    acquaintances: acquaintancesSchema,
  }),

  "order-assign-class-teachers": z
    .object({
      academicYear: z
        .string()
        .regex(/^\d{4}\/\d{4}$/, "Учебный год в формате 2026/2027")
        .refine((y) => Number(y.slice(5)) === Number(y.slice(0, 4)) + 1, "Годы должны идти подряд")
        .optional(),
      effectiveDate: isoDate.optional(),
      assignments: z
        .array(z.object({ group: docText(50), teacher: docName, position: docText(200).optional() }))
        .min(1, "Нужна хотя бы одна группа")
        .max(500, "Не больше 500 групп"),
      controller: personSchema.optional(),
      regulation: orderRef.optional(),
      signer: signerSchema,
      executor: executorSchema.optional(),
      acquaintances: acquaintancesSchema,
    })
    .superRefine((d, ctx) => {
      const seen = new Map<string, number>();
      d.assignments.forEach((a, i) => {
        const key = a.group.toLocaleLowerCase("ru-RU");
        if (seen.has(key)) {
          ctx.addIssue({
            code: "custom",
            path: ["assignments", i, "group"],
            message: `Группа ${a.group} уже указана`,
          });
        }
        seen.set(key, i);
      });
    }),

  /**
   * An order cancelling an earlier one: "cancel" (issued in error, void from the start: «Об отмене
   * приказа») or "void-from" (in force until effectiveDate: «О признании утратившим силу приказа»).
   */
  "order-cancel": z
    .object({
      cancelKind: z.enum(["cancel", "void-from"], {
        error: "Выберите: отменить или признать утратившим силу",
      }),
      cancelled: z.object({ date: isoDate, orderNumber: regNumber, title: docText(300) }),
      /** The reason, continuing «В связи с …». */
      reason: docText(500),
      /** The day the cancelled order ceases to have effect ("void-from" only). */
      effectiveDate: isoDate.optional(),
      controller: personSchema.optional(),
      signer: signerSchema,
      executor: executorSchema.optional(),
      /** The people the cancelled order named: they are acquainted with its cancellation. */
      acquaintances: acquaintancesSchema.optional(),
    })
    .superRefine((d, ctx) => {
      if (d.cancelKind === "void-from" && !d.effectiveDate) {
        ctx.addIssue({
          code: "custom",
          path: ["effectiveDate"],
          message: "Укажите дату, с которой приказ утрачивает силу",
        });
      }
      if (d.effectiveDate && d.effectiveDate < d.cancelled.date) {
        ctx.addIssue({
          code: "custom",
          path: ["effectiveDate"],
          message: "Не раньше даты отменяемого приказа",
        });
      }
    }),

  consent: decisionBase
    .extend({
      /** The separate personal-data consent given with this decision (152-FZ art. 9 p. 1). */
      personalDataConsent: z.object({ number: regNumber }).optional(),
    })
    .superRefine(representativeRequired("parent")),

  refusal: decisionBase
    .extend({
      /** The alternative channels (clause 1.8) the parent chose; all three stay available. */
      channels: z
        .array(
          z.enum(
            Object.keys(ALTERNATIVE_CHANNELS) as [AlternativeChannel, ...AlternativeChannel[]],
            "Неизвестный способ",
          ),
        )
        .max(3)
        .refine((c) => new Set(c).size === c.length, "Способы повторяются")
        .default([]),
      /** The withdrawal of an earlier personal-data consent signed with this refusal (a separate document). */
      personalDataWithdrawal: z.object({ number: regNumber }).optional(),
    })
    .superRefine(representativeRequired("parent")),

  acknowledgment: z.object({
    regulation: orderRef,
    entries: z
      .array(acknowledgmentEntry)
      .min(1, "Нужен хотя бы один работник")
      .max(1000, "Не больше 1000 строк"),
  }),

  /** The sheet of one order: who of the people it names acknowledged it, when and how. */
  "order-acknowledgment": z.object({
    order: z.object({ number: regNumber, date: isoDate, title: docText(500) }),
    entries: z
      .array(acknowledgmentEntry)
      .min(1, "Нужен хотя бы один работник")
      .max(1000, "Не больше 1000 строк"),
  }),

  /** An extract of the orders register for a filter (a year and/or a kind of orders), as of `generatedAt`. */
  "orders-register": z.object({
    /** Who requested and signs the extract (the director or the administrator). */
    signer: signerSchema,
    year: z
      .number()
      .int("Целое число")
      .min(2000, "Год не раньше 2000")
      .max(2100, "Год не позже 2100")
      .optional(),
    /** The kind of orders chosen, as printed («Назначение администратора ИКОП «Сферум»»). */
    kind: docText(200).optional(),
    /** When the register was read (ISO instant); printed in the organisation's time zone. */
    generatedAt: z.iso.datetime({ offset: true, error: "Дата и время в формате ISO 8601" }),
    /** The register's entries in number order; an extract of an empty filter has none. */
    rows: z
      .array(
        z.object({
          number: regNumber,
          date: isoDate,
          title: docText(500),
          status: docText(50),
          signedBy: docText(300),
        }),
      )
      .max(5000, "Не больше 5000 приказов в одной выписке"),
  }),

  /**
   * The personal-data consent of 152-FZ art. 9 p. 4, a document of its own (art. 9 p. 1 as amended
   * by 156-FZ): the subject (the student), the representative and the authority, the period and
   * the processor; the operator's requisites come from the configuration (`org.*`).
   */
  "personal-data-consent": z
    .object({
      student: z.object({
        name: docName,
        group: docText(50),
        birthDate: isoDate.optional(),
        address: docText(300),
        document: identityDocumentSchema({ types: IDENTITY_DOCUMENT_TYPES, divisionCode: "optional" }),
      }),
      respondent: respondent.default("representative"),
      ageStatement,
      /** Absent when the student, the subject, signs personally. */
      representative: z
        .object({
          name: docName,
          relation,
          address: docText(300),
          document: identityDocumentSchema({ types: ["passport-ru", "other"], divisionCode: "optional" }),
        })
        .optional(),
      authority: authorityDocumentSchema().optional(),
      /** Who processes the data on the operator's behalf (item 6); absent: nobody. */
      processor: z.object({ name: docText(500), address: docText(300) }).optional(),
      /** How long the consent lasts (item 8), printed after «Согласие действует». */
      period: docText(500),
      decidedAt: instant,
      typedName: docName,
      confirmation,
      regulation: orderRef.optional(),
    })
    .superRefine(representativeRequired("representative"))
    .superRefine((d, ctx) => {
      if ((d.respondent === "student") !== (d.authority === undefined))
        ctx.addIssue({
          code: "custom",
          path: ["authority"],
          message: "Документ о полномочиях указывается только для представителя",
        });
      if (d.authority?.type === "student-document" && d.student.document.type !== "birth-certificate") {
        ctx.addIssue({
          code: "custom",
          path: ["authority", "type"],
          message: "Документом обучающегося указано не свидетельство о рождении",
        });
      }
    }),

  /** A withdrawal of that consent (art. 9 p. 2) and what the operator then does (art. 21 p. 5). */
  "personal-data-consent-withdrawal": z
    .object({
      student: z.object({ name: docName, group: docText(50) }),
      respondent: respondent.default("representative"),
      ageStatement,
      /** Absent when the student withdraws personally. */
      representative: z.object({ name: docName, relation }).optional(),
      /** The consent withdrawn. */
      consent: z.object({ number: regNumber, date: isoDate }),
      processor: z.object({ name: docText(500), address: docText(300) }).optional(),
      decidedAt: instant,
      typedName: docName,
      confirmation,
    })
    .superRefine(representativeRequired("representative")),

  /** One version of the rules of the simple electronic signature (63-FZ art. 9 p. 2) for an audience. */
  "pep-rules": z.object({
    audience: z.enum(["parents", "staff"], "Для кого правила: parents или staff"),
    version: z.number().int("Целое число").min(1, "Не меньше 1").max(10_000),
    /** The version these rules replace, when there is one. */
    replaces: z.object({ version: z.number().int().min(1), date: isoDate }).optional(),
    /** Who issued this version (the director); absent: the organisation's first version, issued by the service. */
    approvedBy: personSchema.optional(),
  }),
} satisfies Record<DocumentType, z.ZodType>;

export type DocumentSchemas = typeof documentSchemas;
/** What callers pass as `data` for a type. */
export type DocumentInput<T extends DocumentType> = z.input<DocumentSchemas[T]>;
/** The data after validation and cleaning. */
export type DocumentData<T extends DocumentType> = z.output<DocumentSchemas[T]>;
