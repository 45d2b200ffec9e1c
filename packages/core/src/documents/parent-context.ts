import { localDate, ruDateTime, utcOffset } from "../clock.js";
import type { OrgRequisites } from "../config.js";
import { gendered, genderOf } from "../language/names.js";
import { describeAuthority, describeDocument } from "../personal-data/identity-documents.js";
import { withdrawalDeadline } from "../personal-data/rules.js";
import { ALTERNATIVE_CHANNELS, type DocumentData, RELATIONS, type Relation } from "./schemas.js";
import type { DocumentType } from "./types.js";

/**
 * Values computed for the parents' documents (consent, refusal, personal-data consent and its
 * withdrawal): labels, the local time of signing, the consent's printed lines. layout/context.ts
 * adds them to what every template sees.
 */

export type ParentDocumentType =
  | "consent"
  | "refusal"
  | "personal-data-consent"
  | "personal-data-consent-withdrawal";

export const isParentDocument = (type: DocumentType): type is ParentDocumentType =>
  type === "consent" ||
  type === "refusal" ||
  type === "personal-data-consent" ||
  type === "personal-data-consent-withdrawal";

/** «являясь матерью (законным представителем) обучающегося …»: the relation in the instrumental case. */
const REPRESENTATIVE_ROLE: Record<Relation, string> = {
  mother: "матерью (законным представителем)",
  father: "отцом (законным представителем)",
  guardian: "опекуном (законным представителем)",
  trustee: "попечителем (законным представителем)",
  other: "законным представителем",
};

const localTime = (iso: string, timeZone: string) =>
  `${ruDateTime(new Date(iso), timeZone)} (${utcOffset(new Date(iso), timeZone)})`;

/** «Государственное … «ЧПТК» (ГПОУ «ЧПТК»), ИНН …, ОГРН …». */
export function operatorName(org: OrgRequisites): string {
  return [
    `${org.fullName} (${org.shortName})`,
    ...(org.inn ? [`ИНН ${org.inn}`] : []),
    ...(org.ogrn ? [`ОГРН ${org.ogrn}`] : []),
  ].join(", ");
}

/** Item 6 of art. 9 p. 4: who processes on the operator's behalf, or that nobody does. */
export function processorText(processor: { name: string; address: string } | undefined): string {
  return processor
    ? `${processor.name}, адрес: ${processor.address} — по поручению оператора (часть 3 статьи 6 Федерального закона № 152-ФЗ).`
    : "Обработка персональных данных по поручению оператора другим лицам не поручается.";
}

/** Item 5: the data, for the student and for the representative, as the document holds them. */
function dataList(d: DocumentData<"personal-data-consent">): string[] {
  const items = dataItems(d);
  return items.map((item, i) => `${item}${i === items.length - 1 ? "." : ";"}`);
}

function dataItems(d: DocumentData<"personal-data-consent">): string[] {
  const docFields = (withCode: boolean) =>
    `сведения об основном документе, удостоверяющем личность (вид, серия и номер, дата выдачи, выдавший орган${withCode ? ", код подразделения" : ""})`;
  const code = (doc: { type: string; divisionCode?: string }) =>
    doc.type === "passport-ru" && Boolean(doc.divisionCode);
  const student = `обучающегося: фамилия, имя, отчество; учебная группа${d.student.birthDate ? "; дата рождения" : ""}; адрес; ${docFields(code(d.student.document))}`;
  if (!d.representative)
    return [
      student,
      "обучающегося в ИКОП «Сферум»: имя и фамилия в профиле, номер телефона учётной записи мессенджера «MAX» — в объёме, доступном колледжу как организации в ИКОП «Сферум»; сообщения и материалы, размещённые в чатах учебной группы",
      "сведения о подписании согласия простой электронной подписью: дата и время, IP-адрес, сведения о браузере",
    ];
  return [
    student,
    `родителя (законного представителя): фамилия, имя, отчество; степень родства; адрес; ${docFields(code(d.representative.document))}; реквизиты документа, подтверждающего полномочия законного представителя`,
    "обучающегося и родителя (законного представителя) в ИКОП «Сферум»: имя и фамилия в профиле, номер телефона учётной записи мессенджера «MAX» — в объёме, доступном колледжу как организации в ИКОП «Сферум»; сообщения и материалы, размещённые в чатах учебной группы и родителей",
    "сведения о подписании согласия простой электронной подписью: дата и время, IP-адрес, сведения о браузере",
  ];
}

type Signed = {
  student: { name: string };
  respondent?: "student" | "representative";
  ageStatement?: "adult" | "minor";
};

/** The lines of the record-title and the heading that differ when the student signs personally. */
const TITLES: Record<ParentDocumentType, { self: [string, string]; representative: [string, string] }> = {
  consent: {
    self: [
      "обучающегося на регистрацию и использование ИКОП «Сферум» в национальном мессенджере «MAX»",
      "Согласие обучающегося на использование ИКОП «Сферум» в национальном мессенджере «MAX»",
    ],
    representative: [
      "родителя (законного представителя) обучающегося на регистрацию и использование ИКОП «Сферум» в национальном мессенджере «MAX»",
      "Согласие родителя (законного представителя) на использование ИКОП «Сферум» в национальном мессенджере «MAX»",
    ],
  },
  refusal: {
    self: [
      "обучающегося от регистрации и использования ИКОП «Сферум» в национальном мессенджере «MAX»",
      "Отказ обучающегося от использования ИКОП «Сферум» в национальном мессенджере «MAX»",
    ],
    representative: [
      "родителя (законного представителя) обучающегося от регистрации и использования ИКОП «Сферум» в национальном мессенджере «MAX»",
      "Отказ родителя (законного представителя) от использования ИКОП «Сферум» в национальном мессенджере «MAX»",
    ],
  },
  "personal-data-consent": {
    self: [
      "на обработку персональных данных",
      "Согласие на обработку персональных данных для регистрации и использования ИКОП «Сферум» в национальном мессенджере «MAX»",
    ],
    representative: [
      "на обработку персональных данных обучающегося и его родителя (законного представителя)",
      "Согласие на обработку персональных данных для регистрации и использования ИКОП «Сферум» в национальном мессенджере «MAX»",
    ],
  },
  "personal-data-consent-withdrawal": {
    self: [
      "согласия на обработку персональных данных",
      "Отзыв согласия на обработку персональных данных для регистрации и использования ИКОП «Сферум» в национальном мессенджере «MAX»",
    ],
    representative: [
      "согласия на обработку персональных данных",
      "Отзыв согласия на обработку персональных данных для регистрации и использования ИКОП «Сферум» в национальном мессенджере «MAX»",
    ],
  },
};

/**
 * Who signs and what the signer stated about the student's age (students/rules.ts): the student
 * personally from 18, otherwise the parent (legal representative). The statement is printed only
 * when the college did not know the date of birth.
 */
export function signerContext(type: ParentDocumentType, d: Signed): Record<string, unknown> {
  const bySelf = d.respondent === "student";
  const [titleText, recordTitleText] = TITLES[type][bySelf ? "self" : "representative"];
  const gender = genderOf(d.student.name);
  const ageNote =
    d.ageStatement === "adult"
      ? `Дата рождения обучающегося колледжу не сообщена. Подписывая документ, обучающийся ${gendered(gender, "подтвердил", "подтвердила")}, что на дату подписания ${gendered(gender, "ему", "ей")} исполнилось 18 лет.`
      : d.ageStatement === "minor"
        ? "Дата рождения обучающегося колледжу не сообщена. Со слов подписавшего документ родителя (законного представителя), на дату подписания обучающийся не достиг возраста 18 лет."
        : "";
  return {
    bySelf,
    titleText,
    recordTitleText,
    signerRole: bySelf ? "обучающегося" : "родителя (законного представителя)",
    ageNote,
  };
}

/**
 * The signing method's words after «переход по персональной ссылке, направленной …»: the code and
 * where it went, or why there was none; nothing when codes are off.
 */
export function confirmationText(c: { method: "code" | "link-only"; to?: string } | undefined): string {
  if (!c) return "";
  return c.method === "code"
    ? `, ввод кода подтверждения, направленного на ${c.to}`
    : ", без кода подтверждения (контакт в списке группы не указан)";
}

export function parentDocumentContext(
  type: ParentDocumentType,
  data: DocumentData<ParentDocumentType>,
  timeZone: string,
  org: OrgRequisites,
): Record<string, unknown> {
  switch (type) {
    case "consent":
    case "refusal": {
      const d = data as DocumentData<"refusal">;
      const chosen = new Set(type === "refusal" ? d.channels : []);
      const signerName = d.parent?.name ?? d.student.name;
      return {
        ...signerContext(type, d),
        relationLabel: d.parent ? RELATIONS[d.parent.relation] : "",
        acquainted: gendered(genderOf(signerName), "ознакомлен", "ознакомлена"),
        decidedAtLocal: localTime(d.decidedAt, timeZone),
        confirmationText: confirmationText(d.confirmation),
        alternatives: Object.entries(ALTERNATIVE_CHANNELS).map(([key, label]) => ({
          label,
          chosen: chosen.has(key as keyof typeof ALTERNATIVE_CHANNELS),
        })),
      };
    }
    case "personal-data-consent": {
      const d = data as DocumentData<"personal-data-consent">;
      const rep = d.representative;
      return {
        ...signerContext(type, d),
        relationLabel: rep ? RELATIONS[rep.relation] : "",
        representativeRole: rep ? REPRESENTATIVE_ROLE[rep.relation] : "",
        decidedAtLocal: localTime(d.decidedAt, timeZone),
        confirmationText: confirmationText(d.confirmation),
        studentDocument: describeDocument(d.student.document),
        representativeDocument: rep ? describeDocument(rep.document) : "",
        authorityDocument: d.authority ? describeAuthority(d.authority, d.student.document) : "",
        operatorName: operatorName(org),
        processorText: processorText(d.processor),
        dataList: dataList(d),
      };
    }
    case "personal-data-consent-withdrawal": {
      const d = data as DocumentData<"personal-data-consent-withdrawal">;
      const receivedOn = localDate(new Date(d.decidedAt), timeZone);
      return {
        ...signerContext(type, d),
        relationLabel: d.representative ? RELATIONS[d.representative.relation] : "",
        representativeRole: d.representative ? REPRESENTATIVE_ROLE[d.representative.relation] : "",
        decidedAtLocal: localTime(d.decidedAt, timeZone),
        confirmationText: confirmationText(d.confirmation),
        receivedOn,
        deadline: withdrawalDeadline(receivedOn),
        operatorName: operatorName(org),
      };
    }
  }
}
