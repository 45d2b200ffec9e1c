import { ruDate } from "@soglasie/core/clock";
import { type RegulationVersion, VERSION_STATE_LABELS } from "@soglasie/core/regulation/types";
import type { Role } from "@soglasie/core/staff/roles";
import type { Child } from "hono/jsx";
import { DataTable } from "../../../http/data-table.js";
import { FieldError } from "../../../http/layout.js";

/** The approval form's values after a refused approval (the fields' messages beside them). */
export interface ApprovalForm {
  versionId: string;
  effectiveDate: string;
  fields?: Record<string, string[]>;
}

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
export function VersionsTable(props: {
  versions: RegulationVersion[];
  roles: Role[];
  csrf: string;
  /** Today in the organisation's zone: the approval order's date and the default «в действие с». */
  today: string;
  approval?: ApprovalForm;
}) {
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
              {v.documentId ? (
                <a href={doc(v.documentId)}>Положение (PDF)</a>
              ) : (
                <a href={`/staff/regulations/${v.versionId}/draft.pdf`}>Проект Положения (PDF)</a>
              )}
              {has("administrator", "director", "council_secretary") && (
                <div>
                  <a href={`/staff/regulations/${v.versionId}/text`}>Текст (.md)</a>
                </div>
              )}
              {v.state === "adopted" && has("director") && (
                <ApproveForm
                  version={v}
                  csrf={props.csrf}
                  today={props.today}
                  form={props.approval?.versionId === v.versionId ? props.approval : undefined}
                />
              )}
            </>
          ),
        },
      ]}
    />
  );
}

/**
 * The director's approval, step 1 (step 2 is the preview page): the order is dated today; «Ввести Положение в действие с» is today or a
 * later day (never earlier than the order).
 */
function ApproveForm(props: {
  version: RegulationVersion;
  csrf: string;
  today: string;
  form?: ApprovalForm;
}) {
  const fields = props.form?.fields;
  // The field the error summary links to (#f-effectiveDate) is the refused version's.
  const id = props.form ? "f-effectiveDate" : `f-effectiveDate-${props.version.no}`;
  return (
    // Step 1: the dates. Nothing is signed here: the next page shows the order as a draft first.
    <form method="get" action={`/staff/regulations/${props.version.versionId}/approve`}>
      <label for={id}>Ввести в действие с</label>
      <input
        id={id}
        type="date"
        name="effectiveDate"
        required
        min={props.today}
        value={props.form?.effectiveDate ?? props.today}
        aria-describedby={fields?.effectiveDate ? "e-effectiveDate" : undefined}
      />
      <FieldError name="effectiveDate" fields={fields} />
      <button type="submit">Подготовить приказ об утверждении</button>
    </form>
  );
}
