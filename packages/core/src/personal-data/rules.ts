import type { Relation } from "../documents/schemas.js";
import type { AuthorityDocument, IdentityDocument } from "./identity-documents.js";

/**
 * Rules of 152-FZ «О персональных данных» the parents' consent applies, each a function named after
 * what it decides (docs/personal-data.md maps them to the law's text).
 */

/** Art. 21 p. 5: on a withdrawal the operator stops processing and destroys the data within this many (calendar) days. */
export const WITHDRAWAL_DESTRUCTION_DAYS = 30;

/**
 * Art. 21 p. 5: the last day by which the operator stops processing and destroys the data that
 * rested only on the withdrawn consent: «в срок, не превышающий тридцати дней с даты поступления
 * указанного отзыва». Calendar days (the text does not say «рабочих», unlike p. 5.1).
 */
export function withdrawalDeadline(receivedOn: string): string {
  const [y, m, d] = receivedOn.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + WITHDRAWAL_DESTRUCTION_DAYS)).toISOString().slice(0, 10);
}

/** Parents prove their authority with the child's birth certificate (or another act: adoption, court). */
export const isParent = (relation: Relation): boolean => relation === "mother" || relation === "father";

/**
 * Art. 9 p. 1 (last sentence) and p. 4 item 2: the operator checks a representative's authority, so
 * the consent names the document that gives it: for a parent the child's birth certificate (the
 * student's own document when that is the certificate) or another act; for a guardian, a trustee or
 * another legal representative, the act that appointed them. Returns the problem, if any.
 */
export function authorityProblem(
  relation: Relation,
  authority: AuthorityDocument,
  studentDocument: IdentityDocument | undefined,
): string | undefined {
  if (authority.type === "student-document") {
    if (!isParent(relation))
      return "Опекун, попечитель или иной законный представитель подтверждает полномочия актом о назначении: выберите «Иной документ»";
    if (studentDocument && studentDocument.type !== "birth-certificate")
      return "Документом обучающегося выше указано не свидетельство о рождении: укажите реквизиты свидетельства о рождении";
    return undefined;
  }
  if (authority.type === "birth-certificate" && !isParent(relation))
    return "Свидетельство о рождении подтверждает полномочия родителя; опекун (попечитель) указывает акт о назначении: выберите «Иной документ»";
  return undefined;
}
