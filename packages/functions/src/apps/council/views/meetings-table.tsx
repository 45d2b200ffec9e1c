import { ruDate } from "@soglasie/core/clock";
import type { CouncilMeeting } from "@soglasie/core/council/types";
import { DataTable } from "../../../http/data-table.js";

export function MeetingsTable(props: { meetings: CouncilMeeting[] }) {
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
          cell: (m) => (
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
                  <a href={`/staff/regulations/documents/${m.extractDocumentId}`}>Выписка (PDF)</a>
                </div>
              )}
            </>
          ),
        },
      ]}
    />
  );
}
