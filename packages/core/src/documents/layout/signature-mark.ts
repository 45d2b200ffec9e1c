import { ruDate, ruDateTime, utcOffset } from "../../clock.js";
import type { CertificateInfo, Signatory } from "../types.js";

/**
 * The content of the visual mark of the electronic signature (requisite 23, «отметка об
 * электронной подписи»), placed where the handwritten signature would be.
 *
 * Two signatures stand behind a document and the mark names both without mixing them up:
 * - the person's simple electronic signature in the service (63-ФЗ art. 9): who, when (the
 *   organisation's time zone) and how they were identified. A simple signature has no
 *   certificate, so nothing of a certificate is printed next to the person's name;
 * - the organisation's signature of the PDF file (PAdES, the organisation's key and
 *   certificate): its serial number, owner and validity, labelled as the organisation's.
 * Without a signatory (a document only the organisation issues) the organisation is the signer.
 */

export interface MarkLine {
  text: string;
  bold: boolean;
  size: number;
  align: "center" | "left";
  /** A thin rule above the line. */
  rule?: boolean;
}

export const METHOD_LABELS: Record<Signatory["method"], string> = {
  "staff-session": "вход в систему под личной учётной записью",
  "personal-link": "персональная ссылка",
  "personal-link+code": "персональная ссылка и код подтверждения",
};

export interface MarkInput {
  signatory?: Signatory;
  certificate: CertificateInfo;
  /** The organisation's short name: the signer when there is no signatory. */
  orgName: string;
  timeZone: string;
}

const HEAD = 8;
const BODY = 7.5;

export function markLines({ signatory, certificate: c, orgName, timeZone }: MarkInput): MarkLine[] {
  const line = (text: string, extra: Partial<MarkLine> = {}): MarkLine => ({
    text,
    bold: false,
    size: BODY,
    align: "left",
    ...extra,
  });
  const lines: MarkLine[] = [
    line("ДОКУМЕНТ ПОДПИСАН", { bold: true, size: HEAD, align: "center" }),
    line("ЭЛЕКТРОННОЙ ПОДПИСЬЮ", { bold: true, size: HEAD, align: "center" }),
    line(`Подписант: ${signatory?.fullName ?? orgName}`, { bold: true }),
  ];
  if (signatory) {
    const at = new Date(signatory.signedAt);
    lines.push(
      line(`Простая электронная подпись, ${ruDateTime(at, timeZone)} (${utcOffset(at, timeZone)})`),
      line(`Способ: ${METHOD_LABELS[signatory.method]}`),
    );
  }
  lines.push(
    line(
      `Файл подписан электронной подписью организации: сертификат ${c.serial}, владелец ${c.owner}, действителен с ${ruDate(c.validFrom)} по ${ruDate(c.validTo)}`,
      { rule: true },
    ),
    line("Проверка подлинности: по QR-коду документа"),
  );
  return lines;
}

/**
 * The frame a draft shows where the mark will be: it says plainly that the document is not signed
 * and what signing will add, so a printed draft cannot be taken for the signed document.
 */
export function draftMarkLines(signerName: string): MarkLine[] {
  const line = (text: string, extra: Partial<MarkLine> = {}): MarkLine => ({
    text,
    bold: false,
    size: BODY,
    align: "left",
    ...extra,
  });
  return [
    line("ПРОЕКТ", { bold: true, size: HEAD, align: "center" }),
    line("ДОКУМЕНТ НЕ ПОДПИСАН", { bold: true, size: HEAD, align: "center" }),
    line(`Подпишет: ${signerName}`, { bold: true }),
    line(
      "Регистрационный номер, электронная подпись и QR-код для проверки появятся после подписания и регистрации.",
      { rule: true },
    ),
  ];
}
