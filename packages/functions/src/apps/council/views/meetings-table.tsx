import { ruDate } from "@soglasie/core/clock";
import type { CouncilMeeting } from "@soglasie/core/council/types";
import { DataTable } from "../../../http/data-table.js";
import { CsrfField } from "../../../http/layout.js";

/** The secretary's correction of an erroneous record: a reason, then the record is annulled (kept). */
function AnnulForm(props: { meeting: CouncilMeeting; csrf: string }) {
  const id = `f-reason-${props.meeting.meetingId}`;
  return (
    <details>
      <summary>Аннулировать ошибочную запись</summary>
      <form method="post" action={`/staff/council/meetings/${props.meeting.meetingId}/annul`}>
        <CsrfField token={props.csrf} />
        <label for={id}>Причина (что в записи неверно)</label>
        <textarea id={id} name="reason" required minlength={5} maxlength={1000} rows={2} />
        <p class="muted">
          Запись останется в списке с пометкой «запись аннулирована», номер протокола освободится для
          правильной записи.
          {props.meeting.outcome === "adopted" && " Редакция вернётся в проекты, выписка будет отозвана."}
        </p>
        <button type="submit" class="danger">
          Аннулировать запись
        </button>
      </form>
    </details>
  );
}

export function MeetingsTable(props: {
  meetings: CouncilMeeting[];
  /** The secretary's CSRF token: each record that may be annulled gets the form. */
  annulCsrf?: string;
  /** Meetings that may be annulled (the rest are approved by an order or annulled already). */
  annullable?: Set<string>;
}) {
  return (
    <DataTable
      rows={props.meetings}
      empty={<p>Заседаний ещё не записано.</p>}
      columns={[
        {
          header: "Заседание",
          cell: (m) => (
            <>
              {ruDate(m.date)}, протокол № {m.protocolNumber}
            </>
          ),
        },
        { header: "Редакция", cell: (m) => `№ ${m.versionNo}` },
        {
          header: "Присутствовали / «за»",
          cell: (m) => (
            <>
              {m.membersPresent} из {m.membersTotal} / {m.votes.for} (против {m.votes.against}, возд.{" "}
              {m.votes.abstained})
            </>
          ),
        },
        {
          header: "Решение",
          cell: (m) =>
            m.annulment ? (
              <>
                <span class="badge">Запись аннулирована</span>
                <div class="muted">
                  Было: {m.outcome === "adopted" ? "принято" : "не принято"}. Причина: {m.annulment.reason}
                </div>
              </>
            ) : (
              <>
                <span class="badge">{m.outcome === "adopted" ? "Принято" : "Не принято"}</span>
                <div class="muted">{m.reason}</div>
              </>
            ),
        },
        {
          header: "Документы",
          cell: (m) => (
            <>
              <div>
                <a href={`/staff/council/meetings/${m.meetingId}/protocol`}>Скан протокола</a>
              </div>
              {m.extractDocumentId && (
                <div>
                  <a href={`/staff/regulations/documents/${m.extractDocumentId}`}>
                    Выписка (PDF){m.annulment ? ", отозвана" : ""}
                  </a>
                </div>
              )}
              {props.annulCsrf && props.annullable?.has(m.meetingId) && (
                <AnnulForm meeting={m} csrf={props.annulCsrf} />
              )}
            </>
          ),
        },
      ]}
    />
  );
}
