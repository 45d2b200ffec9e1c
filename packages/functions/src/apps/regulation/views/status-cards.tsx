import { ruDate } from "@soglasie/core/clock";
import type { AcknowledgmentStatus } from "@soglasie/core/regulation/acknowledgment";
import type { CurrentRegulation } from "@soglasie/core/regulation/types";
import { DataTable } from "../../../http/data-table.js";

export function CurrentCard(props: { current?: CurrentRegulation }) {
  const cur = props.current;
  if (!cur) {
    return (
      <div class="notice">
        Действующей редакции Положения пока нет: она появится после принятия педагогическим советом и
        утверждения приказом директора.
      </div>
    );
  }
  return (
    <div class="card">
      <p>
        Действует <strong>редакция № {cur.no}</strong>: принята педагогическим советом (протокол от{" "}
        {ruDate(cur.adoption.date)} № {cur.adoption.protocolNumber}), утверждена приказом от{" "}
        {ruDate(cur.orderDate)} № {cur.orderNumber}.
      </p>
      <p>
        <a class="button" href="/regulation.pdf">
          Скачать Положение (PDF)
        </a>
      </p>
    </div>
  );
}

type Person = { fullName: string; position: string };
const PEOPLE = [
  { header: "Работник", cell: (p: Person) => p.fullName },
  { header: "Должность", cell: (p: Person) => p.position },
];

export function AcknowledgmentCard(props: { status: AcknowledgmentStatus }) {
  const { status } = props;
  return (
    <>
      <h2>Ознакомление работников</h2>
      <div class="card">
        <p>
          Ознакомились: <strong>{status.confirmed.length}</strong>, ещё не ознакомились:{" "}
          <strong>{status.pending.length}</strong>.
          {status.sheet && (
            <>
              {" "}
              <a href={`/staff/regulations/documents/${status.sheet.documentId}`}>Лист ознакомления (PDF)</a>
            </>
          )}
        </p>
        {status.pending.length > 0 && (
          <>
            <h3>Не ознакомились</h3>
            <DataTable rows={status.pending} columns={PEOPLE} />
          </>
        )}
        {status.confirmed.length > 0 && (
          <details>
            <summary>Ознакомились ({status.confirmed.length})</summary>
            <DataTable
              rows={status.confirmed}
              columns={[...PEOPLE, { header: "Дата", cell: (a) => ruDate(a.date) }]}
            />
          </details>
        )}
      </div>
    </>
  );
}
