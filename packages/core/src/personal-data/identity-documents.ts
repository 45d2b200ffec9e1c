import { ruDate } from "../clock.js";
import { missingGlyphs } from "../documents/layout/glyphs.js";
import { cleanText, z } from "../validation.js";

/**
 * Identity documents and documents confirming a representative's authority, as a personal-data
 * consent names them (152-FZ art. 9 p. 4 items 1 and 2: «номер основного документа,
 * удостоверяющего его личность, сведения о дате выдачи указанного документа и выдавшем его
 * органе», «реквизиты … документа, подтверждающего полномочия этого представителя»).
 *
 * One shape for the form, the JSON API and the document data: `{type, name?, series?, number,
 * issuedOn, issuer, divisionCode?}`. The formats of the two common Russian documents are checked
 * (passport of a citizen: series 4 digits, number 6, division code 000-000; birth certificate:
 * a Roman numeral, a hyphen and two Cyrillic letters, number 6 digits); any other document is free
 * text. Values are normalised as people write them («76 04» → «7604», «iv-аб» → «IV-АБ»).
 */

export const IDENTITY_DOCUMENT_TYPES = ["passport-ru", "birth-certificate", "other"] as const;
export type IdentityDocumentType = (typeof IDENTITY_DOCUMENT_TYPES)[number];

/** The kinds as printed in the consent. */
export const IDENTITY_DOCUMENT_LABELS: Record<IdentityDocumentType, string> = {
  "passport-ru": "паспорт гражданина Российской Федерации",
  "birth-certificate": "свидетельство о рождении",
  other: "иной документ",
};

export interface PassportRu {
  type: "passport-ru";
  /** Four digits, «7604». */
  series: string;
  /** Six digits. */
  number: string;
  /** ISO yyyy-mm-dd. */
  issuedOn: string;
  issuer: string;
  /** «750-001», when the organisation collects it. */
  divisionCode?: string;
}

export interface BirthCertificate {
  type: "birth-certificate";
  /** «IV-АБ». */
  series: string;
  number: string;
  issuedOn: string;
  /** The civil registry office (ЗАГС) that issued it. */
  issuer: string;
}

export interface OtherDocument {
  type: "other";
  /** What the document is: «паспорт иностранного гражданина», «вид на жительство»… */
  name: string;
  series?: string;
  number: string;
  issuedOn: string;
  issuer: string;
}

export type IdentityDocument = PassportRu | BirthCertificate | OtherDocument;

/** The representative's authority (item 2): the student's birth certificate given above, another one, or any act. */
export const AUTHORITY_DOCUMENT_TYPES = ["student-document", "birth-certificate", "other"] as const;
export type AuthorityDocumentType = (typeof AUTHORITY_DOCUMENT_TYPES)[number];
export type AuthorityDocument = { type: "student-document" } | BirthCertificate | OtherDocument;

/** RF citizens' passports of the current model are issued from 01.10.1997 (Government decree № 828 of 08.07.1997). */
export const PASSPORT_RU_SINCE = "1997-10-01";
/** A passport is issued from the age of 14. */
export const PASSPORT_RU_AGE = 14;

// ——— field formats ———

const blank = (v: unknown) => (v === undefined || v === null ? "" : v);
const compact = (v: unknown) => (typeof v === "string" ? v.replace(/[\s\u00a0]+/g, "") : blank(v));

const drawable = <S extends z.ZodType<string, string>>(schema: S) =>
  schema.refine((s) => missingGlyphs(s).length === 0, "Используйте буквы русского или латинского алфавита");

/** A required text field, cleaned, with the field's own message when empty. */
export function requiredText(max: number, empty: string): z.ZodType<string> {
  return z.preprocess(
    blank,
    z
      .string(empty)
      .transform((s) => s.trim())
      .pipe(z.string().min(1, empty))
      .pipe(drawable(cleanText(max))),
  ) as unknown as z.ZodType<string>;
}

export const passportSeries = z.preprocess(
  compact,
  z.string("Укажите серию паспорта").regex(/^\d{4}$/, "Серия паспорта — 4 цифры, например 76 04"),
);
export const passportNumber = z.preprocess(
  compact,
  z.string("Укажите номер паспорта").regex(/^\d{6}$/, "Номер паспорта — 6 цифр"),
);
export const divisionCode = z.preprocess(
  (v) => {
    const s = compact(v);
    return typeof s === "string" && /^\d{6}$/.test(s) ? `${s.slice(0, 3)}-${s.slice(3)}` : s;
  },
  z
    .string("Укажите код подразделения")
    .regex(/^\d{3}-\d{3}$/, "Код подразделения — 6 цифр в формате 000-000, например 750-001"),
);

// Letters people type for one another in certificate series: Cyrillic І and Х for the Roman
// numerals, Latin look-alikes for the Cyrillic letters.
const ROMAN_LOOKALIKES: Record<string, string> = { І: "I", Х: "X", С: "C", Л: "L" };
const CYRILLIC_LOOKALIKES: Record<string, string> = {
  A: "А",
  B: "В",
  C: "С",
  E: "Е",
  H: "Н",
  K: "К",
  M: "М",
  O: "О",
  P: "Р",
  T: "Т",
  X: "Х",
  Y: "У",
};
const ROMAN = /^(?=[IVXLC])C{0,3}(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$/;

/** «iv аб», «IV–АБ», «ІVАБ» → «IV-АБ»; anything else is returned as typed (and then refused). */
export function normalizeBirthCertificateSeries(value: string): string {
  const s = value.trim().toLocaleUpperCase("ru-RU");
  const m = /^(\S+?)\s*[-–—\s]\s*(\S{2})$/.exec(s) ?? /^(\S+)(\S{2})$/.exec(s.replace(/\s+/g, ""));
  if (!m) return s;
  const roman = [...(m[1] ?? "")].map((ch) => ROMAN_LOOKALIKES[ch] ?? ch).join("");
  const letters = [...(m[2] ?? "")].map((ch) => CYRILLIC_LOOKALIKES[ch] ?? ch).join("");
  return `${roman}-${letters}`;
}

export const birthCertificateSeries = z.preprocess(
  (v) => (typeof v === "string" ? normalizeBirthCertificateSeries(v) : blank(v)),
  z
    .string("Укажите серию свидетельства")
    .min(1, "Укажите серию свидетельства")
    .refine((s) => {
      const [roman = "", letters = ""] = s.split("-");
      return ROMAN.test(roman) && /^[А-ЯЁ]{2}$/.test(letters) && s.split("-").length === 2;
    }, "Серия свидетельства — римское число, дефис и две русские буквы, например IV-АБ"),
);
export const birthCertificateNumber = z.preprocess(
  compact,
  z.string("Укажите номер свидетельства").regex(/^\d{6}$/, "Номер свидетельства — 6 цифр"),
);

/** A date as the form's date field sends it (yyyy-mm-dd) or as people type it (дд.мм.гггг). */
export const documentDate = (empty: string) =>
  z.preprocess(
    (v) => {
      if (typeof v !== "string") return blank(v);
      const s = v.trim();
      const ru = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(s);
      return ru ? `${ru[3]}-${ru[2]!.padStart(2, "0")}-${ru[1]!.padStart(2, "0")}` : s;
    },
    z
      .string(empty)
      .min(1, empty)
      .regex(/^\d{4}-\d{2}-\d{2}$/, "Дата в формате ДД.ММ.ГГГГ")
      .refine((s) => {
        const d = new Date(`${s}T00:00:00Z`);
        return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s) && s >= "1900-01-01";
      }, "Такой даты нет"),
  );

const issuedOn = documentDate("Укажите дату выдачи");
const issuer = (empty: string) => requiredText(300, empty);

// ——— documents ———

type Issue = { path: PropertyKey[]; message: string };
export interface Ctx {
  addIssue(issue: { code: "custom"; path: PropertyKey[]; message: string }): void;
}

/** Parses one field; its first problem is reported at `path` (the field's own place in the form). */
export function field<T>(ctx: Ctx, path: PropertyKey[], schema: z.ZodType<T>, value: unknown): T | undefined {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  // One message per field, the first check that failed: «Укажите…» rather than three at once.
  const seen = new Set<string>();
  for (const issue of result.error.issues as Issue[]) {
    const at = issue.path.join(".");
    if (seen.has(at)) continue;
    seen.add(at);
    ctx.addIssue({ code: "custom", path: [...path, ...issue.path], message: issue.message });
  }
  return undefined;
}

export const asRecord = (v: unknown): Record<string, unknown> =>
  v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

export interface DocumentRules {
  /** Which kinds this person may present. */
  types: readonly IdentityDocumentType[];
  /** Passport division code: collected (required), kept when given (document data), or not collected (dropped). */
  divisionCode: "required" | "optional" | "no";
}

const TYPE_MESSAGE = "Выберите документ";

/** Reads a birth certificate's fields; undefined when any is wrong (reported into ctx). */
function birthCertificate(ctx: Ctx, raw: Record<string, unknown>): BirthCertificate | undefined {
  const series = field(ctx, ["series"], birthCertificateSeries, raw.series);
  const number = field(ctx, ["number"], birthCertificateNumber, raw.number);
  const on = field(ctx, ["issuedOn"], issuedOn, raw.issuedOn);
  const by = field(ctx, ["issuer"], issuer("Укажите, каким органом ЗАГС выдано свидетельство"), raw.issuer);
  if (series === undefined || number === undefined || on === undefined || by === undefined) return undefined;
  return { type: "birth-certificate", series, number, issuedOn: on, issuer: by };
}

function otherDocument(ctx: Ctx, raw: Record<string, unknown>): OtherDocument | undefined {
  const name = field(ctx, ["name"], requiredText(200, "Укажите название документа"), raw.name);
  const seriesRaw = typeof raw.series === "string" ? raw.series.trim() : "";
  const series = seriesRaw ? field(ctx, ["series"], requiredText(50, "Укажите серию"), seriesRaw) : "";
  const number = field(ctx, ["number"], requiredText(100, "Укажите номер документа"), raw.number);
  const on = field(ctx, ["issuedOn"], issuedOn, raw.issuedOn);
  const by = field(ctx, ["issuer"], issuer("Укажите, кем выдан документ"), raw.issuer);
  if (
    name === undefined ||
    series === undefined ||
    number === undefined ||
    on === undefined ||
    by === undefined
  )
    return undefined;
  return { type: "other", name, ...(series ? { series } : {}), number, issuedOn: on, issuer: by };
}

function passport(
  ctx: Ctx,
  raw: Record<string, unknown>,
  codeRule: DocumentRules["divisionCode"],
): PassportRu | undefined {
  const series = field(ctx, ["series"], passportSeries, raw.series);
  const number = field(ctx, ["number"], passportNumber, raw.number);
  let on = field(ctx, ["issuedOn"], issuedOn, raw.issuedOn);
  if (on !== undefined && on < PASSPORT_RU_SINCE) {
    ctx.addIssue({
      code: "custom",
      path: ["issuedOn"],
      message: "Паспорта гражданина Российской Федерации выдаются с 01.10.1997: проверьте дату выдачи",
    });
    on = undefined;
  }
  const by = field(ctx, ["issuer"], issuer("Укажите, кем выдан паспорт"), raw.issuer);
  const given = raw.divisionCode !== undefined && raw.divisionCode !== null && raw.divisionCode !== "";
  const withCode = codeRule === "required" || (codeRule === "optional" && given);
  const code = withCode ? field(ctx, ["divisionCode"], divisionCode, raw.divisionCode) : undefined;
  if (series === undefined || number === undefined || on === undefined || by === undefined) return undefined;
  if (withCode && code === undefined) return undefined;
  return {
    type: "passport-ru",
    series,
    number,
    issuedOn: on,
    issuer: by,
    ...(withCode && code ? { divisionCode: code } : {}),
  };
}

/** An identity document of the kinds `rules.types` allows, with each field checked in place. */
export function identityDocumentSchema(rules: DocumentRules): z.ZodType<IdentityDocument> {
  return z.unknown().transform((value, ctx) => {
    const raw = asRecord(value);
    const type = raw.type;
    if (typeof type !== "string" || !(rules.types as readonly string[]).includes(type)) {
      ctx.addIssue({ code: "custom", path: ["type"], message: TYPE_MESSAGE });
      return z.NEVER;
    }
    const doc =
      type === "passport-ru"
        ? passport(ctx, raw, rules.divisionCode)
        : type === "birth-certificate"
          ? birthCertificate(ctx, raw)
          : otherDocument(ctx, raw);
    return doc ?? z.NEVER;
  });
}

/** The document confirming a representative's authority. */
export function authorityDocumentSchema(): z.ZodType<AuthorityDocument> {
  return z.unknown().transform((value, ctx) => {
    const raw = asRecord(value);
    if (raw.type === "student-document") return { type: "student-document" as const };
    if (raw.type === "birth-certificate") return birthCertificate(ctx, raw) ?? z.NEVER;
    if (raw.type === "other") return otherDocument(ctx, raw) ?? z.NEVER;
    ctx.addIssue({ code: "custom", path: ["type"], message: "Выберите документ, подтверждающий полномочия" });
    return z.NEVER;
  });
}

/** Adds `years` to an ISO date (29 February → 28 February of a common year). */
export function addYears(isoDate: string, years: number): string {
  const [y, m, d] = isoDate.split("-").map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y + years, m - 1, d));
  if (target.getUTCMonth() !== m - 1) target.setUTCDate(0);
  return target.toISOString().slice(0, 10);
}

// ——— printing ———

const issued = (doc: { issuedOn: string; issuer: string }, by: string) =>
  `дата выдачи ${ruDate(doc.issuedOn)}, ${by}: ${doc.issuer}`;

/**
 * The document as the consent prints it: «паспорт гражданина Российской Федерации серия 76 04
 * № 123456, дата выдачи 12.03.2015, кем выдан: УМВД России по Забайкальскому краю, код
 * подразделения 750-001». The issuer is quoted as typed (people copy it from the document).
 */
export function describeDocument(doc: IdentityDocument | BirthCertificate | OtherDocument): string {
  switch (doc.type) {
    case "passport-ru":
      return [
        `${IDENTITY_DOCUMENT_LABELS["passport-ru"]} серия ${doc.series.slice(0, 2)} ${doc.series.slice(2)} № ${doc.number}`,
        issued(doc, "кем выдан"),
        ...(doc.divisionCode ? [`код подразделения ${doc.divisionCode}`] : []),
      ].join(", ");
    case "birth-certificate":
      return `свидетельство о рождении серия ${doc.series} № ${doc.number}, ${issued(doc, "кем выдано")}`;
    case "other":
      return `${doc.name}${doc.series ? ` серия ${doc.series}` : ""} № ${doc.number}, ${issued(doc, "кем выдан")}`;
  }
}

/** The authority document (item 2) as printed; `studentDocument` is what «student-document» refers to. */
export function describeAuthority(doc: AuthorityDocument, studentDocument: IdentityDocument): string {
  if (doc.type === "student-document") {
    return `${describeDocument(studentDocument)} (документ обучающегося, указанный выше)`;
  }
  if (doc.type === "birth-certificate")
    return `${describeDocument(doc)} (свидетельство о рождении обучающегося)`;
  return describeDocument(doc);
}
