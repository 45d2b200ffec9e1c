import { ruDate, ruDateTime } from "../clock.js";
import { csvDocument } from "../exports/csv.js";
import type { Services } from "../services.js";
import { type Respondent, respondentOn } from "../students/rules.js";
import type { GroupDashboard } from "./dashboard.js";
import { linkFor } from "./links.js";
import { ALTERNATIVE_LABELS, signerRoleLabel } from "./schemas.js";
import { linkActive, STATUS_LABELS } from "./types.js";

/** One personal link as handed out: who it is for and until when it works. */
export interface LinkRow {
  group: string;
  studentId: string;
  student: string;
  /** Undefined when the link no longer works or cannot be re-derived: it must be re-issued. */
  url?: string;
  expiresOn: string;
  status: string;
  decided: boolean;
  /** Who answers through this link today (students/rules.ts): the slip is addressed to them. */
  respondent: Respondent | "ask";
}

/** The group's links in roster order. */
export function linkRows(services: Services, dashboard: GroupDashboard): LinkRow[] {
  return dashboard.rows.map(({ student, request, status }) => {
    const active = request ? linkActive(request, dashboard.today) : false;
    return {
      group: dashboard.group.code,
      studentId: student.studentId,
      student: student.fullName,
      url: request && active ? linkFor(services, request) : undefined,
      expiresOn: request?.expiresOn ?? "",
      status: STATUS_LABELS[status],
      decided: Boolean(request?.decision),
      respondent: respondentOn(student, dashboard.today),
    };
  });
}

export function linksCsv(rows: LinkRow[]): string {
  return csvDocument(
    ["Группа", "Обучающийся", "Ссылка", "Действует до", "Статус"],
    rows.map((r) => [
      r.group,
      r.student,
      r.url ?? "ссылку нужно выдать заново",
      r.expiresOn ? ruDate(r.expiresOn) : "",
      r.status,
    ]),
  );
}

/** The dashboard as a table for Excel: one row per student. */
export function consentsCsv(dashboard: GroupDashboard, timeZone: string): string {
  return csvDocument(
    [
      "Группа",
      "Обучающийся",
      "Родитель (по списку)",
      "Статус",
      "Решение подписал(а)",
      "Степень родства",
      "Дата и время решения",
      "Номер документа",
      "Выбранные способы связи (п. 1.8)",
      "Ссылка действует до",
    ],
    dashboard.rows.map(({ student, request, status }) => {
      const d = request?.decision;
      return [
        dashboard.group.code,
        student.fullName,
        student.parentName,
        STATUS_LABELS[status],
        d?.parentName,
        d ? signerRoleLabel(d) : "",
        d ? ruDateTime(new Date(d.decidedAt), timeZone) : "",
        d?.documentNumber,
        d?.alternatives.map((a) => ALTERNATIVE_LABELS[a]).join(", "),
        request ? ruDate(request.expiresOn) : "",
      ];
    }),
  );
}
