import { ruDate } from "@soglasie/core/clock";
import { type RegulationVersion, VERSION_STATE_LABELS } from "@soglasie/core/regulation/types";
import type { Role } from "@soglasie/core/staff/roles";
import type { Child } from "hono/jsx";
import { DataTable } from "../../../http/data-table.js";
import { CsrfField } from "../../../http/layout.js";

const doc = (id: string) => `/staff/regulations/documents/${id}`;

/** A document link after a mark, for the roles that may download it. */
function DocLink(props: { show: boolean; href: string; children: Child }) {
  return props.show ? (
    <>
      {" "}
      (<a href={props.href}>{props.children}</a>)
    </>
  ) : null;
}

/** Every version with its state, the council's and the director's marks and its documents. */
export function VersionsTable(props: { versions: RegulationVersion[]; roles: Role[]; csrf: string }) {
  const has = (...roles: Role[]) => roles.some((r) => props.roles.includes(r));
  return (
    <DataTable
      rows={props.versions}
      empty={<p>Редакций пока нет.</p>}
      columns={[
        { header: "Редакция", cell: (v) => `№ ${v.no}` },
        {
          header: "Состояние",
          cell: (v) => (
            <>
              <span class="badge">{VERSION_STATE_LABELS[v.state]}</span>
              {v.note && <div class="muted">{v.note}</div>}
            </>
          ),
        },
        {
          header: "Педсовет",
          cell: (v) =>
            v.adoption ? (
              <>
                протокол от {ruDate(v.adoption.date)} № {v.adoption.protocolNumber}
                <DocLink
                  show={has("council_secretary", "director", "administrator")}
                  href={doc(v.adoption.extractDocumentId)}
                >
                  выписка
                </DocLink>
              </>
            ) : (
              "—"
            ),
        },
        {
          header: "Приказ",
          cell: (v) =>
            v.approval ? (
              <>
                приказ от {ruDate(v.approval.date)} № {v.approval.number}
                <DocLink show={has("director", "administrator")} href={doc(v.approval.orderDocumentId)}>
                  PDF
                </DocLink>
              </>
            ) : (
              "—"
            ),
        },
        {
          header: "Документы",
          cell: (v) => (
            <>
              {v.documentId && <a href={doc(v.documentId)}>Положение (PDF)</a>}
              {has("administrator", "director", "council_secretary") && (
                <div>
                  <a href={`/staff/regulations/${v.versionId}/text`}>Текст (.md)</a>
                </div>
              )}
              {v.state === "adopted" && has("director") && (
                <form method="post" action={`/staff/regulations/${v.versionId}/approve`}>
                  <CsrfField token={props.csrf} />
                  <button type="submit">Утвердить приказом</button>
                </form>
              )}
            </>
          ),
        },
      ]}
    />
  );
}
