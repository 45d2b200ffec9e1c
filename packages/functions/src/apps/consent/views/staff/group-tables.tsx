import { ruDate, ruDateTime } from "@soglasie/core/clock";
import type { ConsentRow } from "@soglasie/core/consent/dashboard";
import { ALTERNATIVE_LABELS } from "@soglasie/core/consent/schemas";
import { STATUS_LABELS } from "@soglasie/core/consent/types";
import { RELATIONS } from "@soglasie/core/documents/schemas";
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
      {d.parentName} <span class="hint">({RELATIONS[d.relation]})</span>
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

function LinkCell(props: { row: ConsentRow; url?: string }) {
  const { student, request, status } = props.row;
  return (
    <>
      <span class="badge">{STATUS_LABELS[status]}</span>{" "}
      {request && <span class="hint">до {ruDate(request.expiresOn)}</span>}
      {props.url && (
        <>
          <label class="sr-only" for={`l-${student.studentId}`}>
            Ссылка для {student.fullName}
          </label>
          <input class="link" id={`l-${student.studentId}`} type="text" readonly value={props.url} />
        </>
      )}
    </>
  );
}

/** Students without an answer: the parent's contacts, the link and (for those who manage links) a new one. */
export function WaitingTable(props: {
  rows: ConsentRow[];
  groupId: string;
  manage: boolean;
  csrf: string;
  links: Map<string, string | undefined>;
  highlight?: string;
}) {
  return (
    <DataTable
      rows={props.rows}
      empty={<p>Ответили все родители группы.</p>}
      rowId={(r) => `s-${r.student.studentId}`}
      rowClass={(r) => (props.highlight === r.student.studentId ? "highlight" : undefined)}
      columns={[
        STUDENT,
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
          cell: (r) => (
            <LinkCell row={r} url={props.manage ? props.links.get(r.student.studentId) : undefined} />
          ),
        },
        props.manage && {
          header: "Действие",
          cell: (r) => (
            <form method="post" action={`/staff/consents/${props.groupId}/reissue`} class="inline">
              <CsrfField token={props.csrf} />
              <input type="hidden" name="studentId" value={r.student.studentId} />
              <button type="submit" class="small secondary">
                Выдать новую ссылку
              </button>
            </form>
          ),
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
