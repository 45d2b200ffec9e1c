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
  return [
    `обучающегося: фамилия, имя, отчество; учебная группа${d.student.birthDate ? "; дата рождения" : ""}; адрес; ${docFields(code(d.student.document))}`,
    `родителя (законного представителя): фамилия, имя, отчество; степень родства; адрес; ${docFields(code(d.representative.document))}; реквизиты документа, подтверждающего полномочия законного представителя`,
    "обучающегося и родителя (законного представителя) в ИКОП «Сферум»: имя и фамилия в профиле, номер телефона учётной записи мессенджера «MAX» — в объёме, доступном колледжу как организации в ИКОП «Сферум»; сообщения и материалы, размещённые в чатах учебной группы и родителей",
    "сведения о подписании согласия простой электронной подписью: дата и время, IP-адрес, сведения о браузере",
  ];
}

/**
 * The signing method's words after «переход по персональной ссылке, направленной …»: the code and
 * where it went, or why there was none; nothing when codes are off.
 */
export function confirmationText(c: { method: "code" | "link-only"; to?: string } | undefined): string {
  if (!c) return "";
  return c.method === "code"
    ? `, ввод кода подтверждения, направленного на ${c.to}`
    : " (без кода подтверждения: контакт родителя в списке группы не указан)";
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
      return {
        relationLabel: RELATIONS[d.parent.relation],
        acquainted: gendered(genderOf(d.parent.name), "ознакомлен", "ознакомлена"),
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
      return {
        relationLabel: RELATIONS[d.representative.relation],
        representativeRole: REPRESENTATIVE_ROLE[d.representative.relation],
        decidedAtLocal: localTime(d.decidedAt, timeZone),
        confirmationText: confirmationText(d.confirmation),
        studentDocument: describeDocument(d.student.document),
        representativeDocument: describeDocument(d.representative.document),
        authorityDocument: describeAuthority(d.authority, d.student.document),
        operatorName: operatorName(org),
        processorText: processorText(d.processor),
        dataList: dataList(d),
      };
    }
    case "personal-data-consent-withdrawal": {
      const d = data as DocumentData<"personal-data-consent-withdrawal">;
      const receivedOn = localDate(new Date(d.decidedAt), timeZone);
      return {
        relationLabel: RELATIONS[d.representative.relation],
        representativeRole: REPRESENTATIVE_ROLE[d.representative.relation],
        decidedAtLocal: localTime(d.decidedAt, timeZone),
        confirmationText: confirmationText(d.confirmation),
        receivedOn,
        deadline: withdrawalDeadline(receivedOn),
        operatorName: operatorName(org),
      };
    }
  }
}
