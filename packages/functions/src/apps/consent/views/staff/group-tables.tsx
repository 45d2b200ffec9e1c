import { localDate, ruDate, ruDateTime } from "@soglasie/core/clock";
import type { ConsentRow } from "@soglasie/core/consent/dashboard";
import { ALTERNATIVE_LABELS, signerRoleLabel } from "@soglasie/core/consent/schemas";
import { STATUS_LABELS } from "@soglasie/core/consent/types";
import { RELATIONS } from "@soglasie/core/documents/schemas";
import type { MessageView } from "@soglasie/core/messages/types";
import { shortName } from "@soglasie/core/roster/normalize";
import type { Child } from "hono/jsx";
import { type Column, DataTable } from "../../../../http/data-table.js";
import { CsrfField } from "../../../../http/layout.js";

const STUDENT: Column<ConsentRow> = {
  header: "Обучающийся",
  rowHeader: true,
  cell: (r) => r.student.fullName,
};

function DocumentLink(props: { row: ConsentRow }) {
  const d = props.row.request?.decision;
  if (!d) return null;
  return <a href={`/api/documents/${d.documentId}/pdf`}>№ {d.documentNumber}</a>;
}

function Signed(props: { row: ConsentRow; timeZone: string }) {
  const d = props.row.request?.decision;
  if (!d) return null;
  return (
    <>
      {d.parentName} <span class="hint">({signerRoleLabel(d)})</span>
      <br />
      <span class="hint">{ruDateTime(new Date(d.decidedAt), props.timeZone)}</span>
    </>
  );
}

const signed = (timeZone: string): Column<ConsentRow> => ({
  header: "Подписал(а)",
  cell: (r) => <Signed row={r} timeZone={timeZone} />,
});
const DOCUMENT: Column<ConsentRow> = { header: "Документ", cell: (r) => <DocumentLink row={r} /> };

/** What the link of a row is: until when it works, when it ended or when it was revoked. */
function LinkState(props: { row: ConsentRow; timeZone: string }) {
  const { request, status } = props.row;
  if (!request) return <span class="badge">{STATUS_LABELS[status]}</span>;
  const when =
    status === "revoked" && request.linkRevokedAt
      ? `аннулирована ${ruDate(localDate(new Date(request.linkRevokedAt), props.timeZone))}`
      : status === "expired"
        ? `действовала до ${ruDate(request.expiresOn)} включительно`
        : `действует до ${ruDate(request.expiresOn)} включительно`;
  return (
    <>
      <span class="badge">{STATUS_LABELS[status]}</span> <span class="hint">{when}</span>
    </>
  );
}

/**
 * The live link with «Копировать ссылку» and «Поделиться»: both are hidden without JavaScript
 * (the script shows them, «Поделиться» only where the browser has Web Share); the field itself
 * is there to select and copy by hand.
 */
function LinkField(props: { row: ConsentRow; url: string }) {
  const forStudent = props.row.request?.linkHolder === "student";
  const { student } = props.row;
  const id = student.studentId;
  return (
    <div class="link-field">
      <label class="sr-only" for={`l-${id}`}>
        {forStudent ? "Личная ссылка обучающегося" : "Ссылка для родителя обучающегося"} {student.fullName}
      </label>
      <input class="link" id={`l-${id}`} type="text" readonly value={props.url} />
      <div class="link-tools">
        <button type="button" class="small secondary" data-copy={`l-${id}`} data-status={`st-${id}`} hidden>
          Копировать ссылку
        </button>
        <button
          type="button"
          class="small secondary"
          data-share={`l-${id}`}
          data-status={`st-${id}`}
          data-title="Согласие на «Сферум»"
          data-text={`Личная ссылка для ответа о «Сферуме» (обучающийся: ${shortName(student.fullName)})`}
          hidden
        >
          Поделиться
        </button>
        <span class="hint" id={`st-${id}`} role="status" />
      </div>
    </div>
  );
}

/** The message of an action on this row, shown in the row itself (the page opens at it). */
function RowNotice(props: { row: ConsentRow }) {
  const expiresOn = props.row.request?.expiresOn;
  return (
    <div class="notice ok row-notice" role="status">
      Выдана новая ссылка{expiresOn ? `, она действует до ${ruDate(expiresOn)} включительно` : ""}. Прежняя
      ссылка и напечатанный с ней листок больше не работают: передайте родителю эту ссылку или новый листок.
    </div>
  );
}

/**
 * «Выдать новую ссылку»: while the link works, a link to the confirmation page (the printed slip
 * stops working); once it has expired or been revoked nothing is lost, so the form posts at once.
 */
function ReissueAction(props: { row: ConsentRow; groupId: string; csrf: string }) {
  const id = props.row.student.studentId;
  const label = `Выдать новую ссылку: ${props.row.student.fullName}`;
  if (props.row.status === "pending") {
    return (
      <a
        class="button small secondary"
        href={`/staff/consents/${props.groupId}/reissue?student=${encodeURIComponent(id)}`}
        aria-label={label}
      >
        Выдать новую ссылку
      </a>
    );
  }
  return (
    <form method="post" action={`/staff/consents/${props.groupId}/reissue`} class="inline">
      <CsrfField token={props.csrf} />
      <input type="hidden" name="studentId" value={id} />
      <button type="submit" class="small secondary" aria-label={label}>
        Выдать новую ссылку
      </button>
    </form>
  );
}

/** Students without an answer: the parent's contacts, the link and (for those who manage links) a new one. */
/** «Приглашение по e-mail i***@mail.ru: доставлено 02.12.2026 10:15» or the failure's reason. */
function DeliveryState(props: { message?: MessageView; timeZone: string }) {
  const m = props.message;
  if (!m) return <span class="muted">не отправлялось</span>;
  const what = m.purpose === "reminder" ? "Напоминание" : "Приглашение";
  const how = m.channel === "sms" ? "SMS" : "e-mail";
  const when = m.deliveredAt ?? m.sentAt ?? m.dueAt;
  return (
    <>
      {what} ({how} {m.toMasked}): <strong>{m.statusLabel}</strong>
      {m.status !== "cancelled" && <> {ruDateTime(new Date(when), props.timeZone)}</>}
      {m.reason && (m.status === "failed" || m.status === "bounced" || m.status === "cancelled") && (
        <>
          <br />
          <span class="muted">{m.reason}</span>
        </>
      )}
    </>
  );
}

export function WaitingTable(props: {
  rows: ConsentRow[];
  groupId: string;
  manage: boolean;
  csrf: string;
  links: Map<string, string | undefined>;
  timeZone: string;
  highlight?: string;
  /** The row whose new link the page reports (after «Выдать новую ссылку»). */
  reissued?: string;
  /** Each student's latest invitation or reminder (messages/invitations.ts). */
  deliveries?: Map<string, MessageView>;
  empty: Child;
}) {
  return (
    <DataTable
      rows={props.rows}
      cards
      empty={props.empty}
      rowId={(r) => `s-${r.student.studentId}`}
      rowClass={(r) => (props.highlight === r.student.studentId ? "highlight" : undefined)}
      columns={[
        {
          ...STUDENT,
          cell: (r) => (
            <>
              <span>{r.student.fullName}</span>
              {props.reissued === r.student.studentId && <RowNotice row={r} />}
            </>
          ),
        },
        {
          header: "Родитель по списку",
          cell: (r) => (
            <>
              {r.student.parentName}
              {r.student.phone && (
                <>
                  <br />
                  <a href={`tel:${r.student.phone}`}>{r.student.phone}</a>
                </>
              )}
            </>
          ),
        },
        {
          header: "Ссылка",
          cell: (r) => {
            const url = props.manage ? props.links.get(r.student.studentId) : undefined;
            return (
              <>
                <LinkState row={r} timeZone={props.timeZone} />
                {url && <LinkField row={r} url={url} />}
              </>
            );
          },
        },
        {
          header: "Рассылка",
          cell: (r) => (
            <DeliveryState message={props.deliveries?.get(r.student.studentId)} timeZone={props.timeZone} />
          ),
        },
        props.manage && {
          header: "Действие",
          cell: (r) => <ReissueAction row={r} groupId={props.groupId} csrf={props.csrf} />,
        },
      ]}
    />
  );
}

/** The withdrawal a decision carries: when and by what date the data for «Сферум» goes. */
function WithdrawalNote(props: { row: ConsentRow }) {
  const w = props.row.request?.decision?.withdrawal;
  if (!w) return null;
  return (
    <>
      Отзыв № {w.documentNumber} от {ruDate(w.receivedOn)}
      <br />
      <strong>исключить из чатов и уничтожить данные до {ruDate(w.deadline)}</strong>
    </>
  );
}

export function WithdrawnTable(props: { rows: ConsentRow[]; timeZone: string }) {
  return (
    <DataTable
      rows={props.rows}
      columns={[
        STUDENT,
        signed(props.timeZone),
        { header: "Что сделать", cell: (r) => <WithdrawalNote row={r} /> },
        DOCUMENT,
      ]}
    />
  );
}

export function RefusedTable(props: { rows: ConsentRow[]; timeZone: string }) {
  return (
    <DataTable
      rows={props.rows}
      columns={[
        STUDENT,
        signed(props.timeZone),
        {
          header: "Отзыв согласия на обработку ПДн",
          cell: (r) => (r.request?.decision?.withdrawal ? <WithdrawalNote row={r} /> : "—"),
        },
        {
          header: "Как связываться",
          cell: (r) =>
            r.request?.decision?.alternatives.length
              ? r.request.decision.alternatives.map((a) => ALTERNATIVE_LABELS[a]).join("; ")
              : "не выбрано",
        },
        DOCUMENT,
      ]}
    />
  );
}

export function ConsentedTable(props: { rows: ConsentRow[]; timeZone: string }) {
  return <DataTable rows={props.rows} columns={[STUDENT, signed(props.timeZone), DOCUMENT]} />;
}

/**
 * «Нужно подтверждение совершеннолетнего»: a parent's decision given while the student was a minor,
 * the student now of age. Those who manage links give the student a link of their own (it replaces
 * the parent's; the parent's documents stay); once issued, the link is shown for handing over.
 */
export function AdultConfirmationTable(props: {
  rows: ConsentRow[];
  groupId: string;
  manage: boolean;
  csrf: string;
  links: Map<string, string | undefined>;
  timeZone: string;
  issued?: string;
}) {
  return (
    <DataTable
      rows={props.rows}
      rowId={(r) => `a-${r.student.studentId}`}
      columns={[
        STUDENT,
        { header: "Решение родителя", cell: (r) => <Signed row={r} timeZone={props.timeZone} /> },
        DOCUMENT,
        props.manage && {
          header: "Ссылка обучающемуся",
          cell: (r) => {
            const url =
              r.request?.linkHolder === "student" ? props.links.get(r.student.studentId) : undefined;
            if (url)
              return (
                <>
                  {props.issued === r.student.studentId && (
                    <div class="notice ok row-notice" role="status">
                      Выдана личная ссылка обучающемуся. Ссылка родителя больше не работает; его документы
                      сохранены.
                    </div>
                  )}
                  <LinkField row={r} url={url} />
                </>
              );
            return (
              <form method="post" action={`/staff/consents/${props.groupId}/student-link`} class="inline">
                <CsrfField token={props.csrf} />
                <input type="hidden" name="studentId" value={r.student.studentId} />
                <button
                  type="submit"
                  class="small secondary"
                  aria-label={`Выдать ссылку обучающемуся: ${r.student.fullName}`}
                >
                  Выдать ссылку обучающемуся
                </button>
              </form>
            );
          },
        },
      ]}
    />
  );
}
