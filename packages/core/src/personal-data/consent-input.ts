import type { PersonalDataExtraField } from "../config.js";
import type { Relation } from "../documents/schemas.js";
import { z } from "../validation.js";
import {
  type AuthorityDocument,
  addYears,
  asRecord,
  authorityDocumentSchema,
  documentDate,
  field,
  type IdentityDocument,
  identityDocumentSchema,
  PASSPORT_RU_AGE,
  requiredText,
} from "./identity-documents.js";
import { authorityProblem } from "./rules.js";

/**
 * What the parent's form asks for the personal-data consent, and only that: the addresses and
 * identity documents of the student and of the representative, and the document that confirms the
 * representative's authority (152-FZ art. 9 p. 4 items 1 and 2), plus the optional elements the
 * organisation chose to collect (config `PD_EXTRA_FIELDS`). Every field is checked where it is, so
 * the form shows each message next to its field. Dates are checked against `today`.
 */
export interface PersonalDataAnswer {
  student: { birthDate?: string; address: string; document: IdentityDocument };
  /** Absent when the student of 18 or older is the subject who signs (students/rules.ts). */
  representative?: { address: string; document: IdentityDocument };
  authority?: AuthorityDocument;
}

export interface PersonalDataInputOptions {
  /** ISO date in the organisation's time zone. */
  today: string;
  extraFields: readonly PersonalDataExtraField[];
}

const checked = (v: unknown) => v === true || v === "on" || v === "true" || v === "1";
const address = (empty: string) => requiredText(300, empty);

const FUTURE = "Дата не может быть позже сегодняшнего дня";

/** The `personalData` part of a consent, for the given answer's relation (undefined: not chosen yet). */
export function personalDataInputSchema(
  opts: PersonalDataInputOptions,
  relation: Relation | undefined,
  respondent: "student" | "representative" = "representative",
): z.ZodType<PersonalDataAnswer> {
  if (respondent === "student") return ownPersonalDataSchema(opts);
  const withBirthDate = opts.extraFields.includes("student-birth-date");
  const divisionCode = opts.extraFields.includes("division-code") ? "required" : "no";
  const studentDocument = identityDocumentSchema({
    types: ["passport-ru", "birth-certificate", "other"],
    divisionCode,
  });
  const representativeDocument = identityDocumentSchema({ types: ["passport-ru", "other"], divisionCode });
  const authority = authorityDocumentSchema();

  return z.unknown().transform((value, ctx) => {
    const raw = asRecord(value);
    const student = asRecord(raw.student);
    const rep = asRecord(raw.representative);
    const repAddress = field(ctx, ["representative", "address"], address("Укажите ваш адрес"), rep.address);
    const studentAddress = checked(student.sameAddress)
      ? repAddress
      : field(ctx, ["student", "address"], address("Укажите адрес обучающегося"), student.address);
    const birthDate = withBirthDate
      ? field(
          ctx,
          ["student", "birthDate"],
          documentDate("Укажите дату рождения обучающегося"),
          student.birthDate,
        )
      : undefined;
    if (birthDate !== undefined && birthDate > opts.today)
      ctx.addIssue({ code: "custom", path: ["student", "birthDate"], message: FUTURE });
    const sDoc = field(ctx, ["student", "document"], studentDocument, student.document);
    const rDoc = field(ctx, ["representative", "document"], representativeDocument, rep.document);
    const auth = field(ctx, ["authority"], authority, raw.authority);

    // Dates of issue: not in the future, not before the holder could have the document.
    const issued = [
      [["student", "document"], sDoc],
      [["representative", "document"], rDoc],
      [["authority"], auth?.type === "student-document" ? undefined : auth],
    ] as const;
    for (const [path, doc] of issued) {
      if (doc && "issuedOn" in doc && doc.issuedOn > opts.today)
        ctx.addIssue({ code: "custom", path: [...path, "issuedOn"], message: FUTURE });
    }
    if (birthDate && sDoc?.type === "passport-ru" && sDoc.issuedOn < addYears(birthDate, PASSPORT_RU_AGE)) {
      ctx.addIssue({
        code: "custom",
        path: ["student", "document", "issuedOn"],
        message: "Паспорт выдаётся с 14 лет: дата выдачи раньше 14-летия обучающегося",
      });
    }
    for (const [path, doc] of [
      [["student", "document"], sDoc],
      [["authority"], auth],
    ] as const) {
      if (birthDate && doc?.type === "birth-certificate" && doc.issuedOn < birthDate)
        ctx.addIssue({
          code: "custom",
          path: [...path, "issuedOn"],
          message: "Свидетельство о рождении не может быть выдано раньше дня рождения",
        });
    }
    if (auth && relation) {
      const problem = authorityProblem(relation, auth, sDoc);
      if (problem) ctx.addIssue({ code: "custom", path: ["authority", "type"], message: problem });
    }
    if (!repAddress || !studentAddress || !sDoc || !rDoc || !auth || (withBirthDate && !birthDate))
      return z.NEVER;
    return {
      student: { ...(birthDate ? { birthDate } : {}), address: studentAddress, document: sDoc },
      representative: { address: repAddress, document: rDoc },
      authority: auth,
    };
  });
}

/**
 * The `personalData` part when the student of 18 or older consents personally: only the student's
 * own address and identity document (an adult has a passport or another document; no birth
 * certificate, no representative, no authority).
 */
function ownPersonalDataSchema(opts: PersonalDataInputOptions): z.ZodType<PersonalDataAnswer> {
  const withBirthDate = opts.extraFields.includes("student-birth-date");
  const divisionCode = opts.extraFields.includes("division-code") ? "required" : "no";
  const document = identityDocumentSchema({ types: ["passport-ru", "other"], divisionCode });
  return z.unknown().transform((value, ctx) => {
    const raw = asRecord(value);
    const student = asRecord(raw.student);
    const studentAddress = field(ctx, ["student", "address"], address("Укажите ваш адрес"), student.address);
    const birthDate = withBirthDate
      ? field(ctx, ["student", "birthDate"], documentDate("Укажите вашу дату рождения"), student.birthDate)
      : undefined;
    if (birthDate !== undefined && birthDate > opts.today)
      ctx.addIssue({ code: "custom", path: ["student", "birthDate"], message: FUTURE });
    const sDoc = field(ctx, ["student", "document"], document, student.document);
    if (sDoc && "issuedOn" in sDoc && sDoc.issuedOn > opts.today)
      ctx.addIssue({ code: "custom", path: ["student", "document", "issuedOn"], message: FUTURE });
    if (!studentAddress || !sDoc || (withBirthDate && !birthDate)) return z.NEVER;
    return { student: { ...(birthDate ? { birthDate } : {}), address: studentAddress, document: sDoc } };
  });
}
