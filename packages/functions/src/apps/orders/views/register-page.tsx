import { ruDate } from "@soglasie/core/clock";
import { mayCancelOrder } from "@soglasie/core/orders/rules";
import {
  ORDER_KIND_LABELS,
  ORDER_KINDS,
  ORDER_STATUS_LABELS,
  type OrderEntry,
} from "@soglasie/core/orders/types";
import { DataTable } from "../../../http/data-table.js";
import { ErrorSummary } from "../../../http/layout.js";
import { StaffToolsScript } from "../../assets/script-tag.js";
import { filterQuery, type RegisterFilter } from "../filters.js";

/** Checkboxes of 24 px inside a 44 px tap area (WCAG 2.5.5), and the ZIP's message on its own line. */
const REGISTER_CSS = `
label.pick{display:inline-flex;align-items:center;gap:.4rem;min-height:44px;min-width:44px;margin:0;font-weight:600;cursor:pointer}
label.pick input{width:24px;height:24px;margin:0;flex:none}
.zip-error{flex-basis:100%;margin:0}
`;

/** How many of the people an order names have acknowledged it, and its latest sheet. */
export interface Acknowledged {
  done: number;
  of: number;
  sheetDocumentId?: string;
}

export interface AdministratorLine {
  name: string;
  from: string;
  number: string;
}

function AdministratorCard(props: { administrator?: AdministratorLine; director: boolean }) {
  const { administrator } = props;
  return (
    <div class="card">
      <p>
        Администратор ИКОП «Сферум»:{" "}
        {administrator ? (
          <>
            <strong>{administrator.name}</strong> с {ruDate(administrator.from)} (приказ №{" "}
            {administrator.number})
          </>
        ) : (
          "не назначен приказом"
        )}
      </p>
      {props.director ? (
        <div class="actions">
          <a class="button" href="/staff/orders/appoint">
            Назначить администратора
          </a>
          <a class="button secondary" href="/staff/orders/class-teachers">
            Распределить классное руководство
          </a>
          <a class="button secondary" href="/staff/orders/staff">
            Сотрудники в приказах (падежи, пол, телефон)
          </a>
        </div>
      ) : (
        <p class="hint">Журнал доступен для просмотра и скачивания; приказы издаёт директор.</p>
      )}
    </div>
  );
}

function FilterForm(props: { years: number[]; filter: RegisterFilter }) {
  const { filter } = props;
  return (
    <form method="get" action="/staff/orders" class="card">
      <label for="f-year">Год</label>
      <select id="f-year" name="year">
        <option value="">Все годы</option>
        {props.years.map((y) => (
          <option value={String(y)} selected={filter.year === y}>
            {y}
          </option>
        ))}
      </select>
      <label for="f-kind">Вид приказа</label>
      <select id="f-kind" name="kind">
        <option value="">Все виды</option>
        {ORDER_KINDS.map((k) => (
          <option value={k} selected={filter.kind === k}>
            {ORDER_KIND_LABELS[k]}
          </option>
        ))}
      </select>
      <div class="actions">
        <button type="submit">Показать</button>
        <a class="button secondary" href={`/api/orders/register.csv${filterQuery(filter)}`}>
          Журнал в CSV (Excel)
        </a>
        <a class="button secondary" href={`/api/orders/register.pdf${filterQuery(filter)}`}>
          Журнал в PDF с подписью
        </a>
      </div>
    </form>
  );
}

/** Orders the register offers to cancel (the workflow refuses the rest with a reason, see cancel-order.ts). */
const mayOfferCancel = (o: OrderEntry) =>
  mayCancelOrder(o, { kind: "cancel" }) === undefined &&
  o.kind !== "cancel-order" &&
  o.kind !== "assign-class-teachers";

/**
 * The register with a checkbox a row: the chosen orders download as one ZIP. «Выбрать все» is a
 * header checkbox the staff script shows; without JavaScript «Скачать все показанные (ZIP)» does it.
 */
function RegisterTable(props: {
  orders: OrderEntry[];
  director: boolean;
  acknowledged: Map<string, Acknowledged>;
  filter: RegisterFilter;
  zipError?: string;
}) {
  return (
    <form method="get" action="/staff/orders/archive#zip">
      {props.filter.year && <input type="hidden" name="year" value={String(props.filter.year)} />}
      {props.filter.kind && <input type="hidden" name="kind" value={props.filter.kind} />}
      <DataTable
        rows={props.orders}
        caption="Журнал регистрации приказов"
        columns={[
          {
            header: (
              <>
                <span class="sr-only">Выбрать</span>
                <label class="pick" for="o-all" data-reveal hidden>
                  <input type="checkbox" id="o-all" data-select-all="id" />
                  <span>Выбрать все</span>
                </label>
              </>
            ),
            cell: (o) => (
              <label class="pick" for={`o-${o.orderId}`}>
                <input type="checkbox" name="id" value={o.orderId} id={`o-${o.orderId}`} />
                <span class="sr-only">Выбрать приказ № {o.number}</span>
              </label>
            ),
          },
          { header: "Номер", cell: (o) => o.number },
          { header: "Дата", cell: (o) => ruDate(o.date) },
          { header: "Заголовок", cell: (o) => o.title },
          {
            header: "Статус",
            cell: (o) => (
              <>
                <span class="badge">{ORDER_STATUS_LABELS[o.status]}</span>
                {o.cancelledBy && (
                  <>
                    {" "}
                    {o.status === "cancelled"
                      ? "приказом"
                      : `с ${ruDate(o.cancelledBy.effectiveDate ?? o.cancelledBy.date)} приказом`}{" "}
                    от {ruDate(o.cancelledBy.date)} № {o.cancelledBy.number}
                  </>
                )}
                {props.director && mayOfferCancel(o) && (
                  <>
                    {" "}
                    <a
                      href={`/staff/orders/${o.orderId}/cancel`}
                      aria-label={`Отменить приказ № ${o.number}`}
                    >
                      Отменить приказ
                    </a>
                  </>
                )}
              </>
            ),
          },
          { header: "Подписал", cell: (o) => `${o.signedBy.position} ${o.signedBy.name}` },
          {
            header: "Ознакомлены",
            cell: (o) => {
              const a = props.acknowledged.get(o.orderId);
              if (!a) return "—";
              return (
                <>
                  {a.done} из {a.of}
                  {a.sheetDocumentId && (
                    <>
                      {" "}
                      <a
                        href={`/api/documents/${a.sheetDocumentId}/pdf`}
                        aria-label={`Лист ознакомления с приказом № ${o.number}`}
                      >
                        лист
                      </a>
                    </>
                  )}
                </>
              );
            },
          },
          {
            header: "PDF",
            cell: (o) => (
              <a href={`/api/orders/${o.orderId}/pdf`} aria-label={`Скачать приказ № ${o.number}`}>
                Скачать
              </a>
            ),
          },
        ]}
      />
      <div class="actions" id="zip">
        {props.zipError && (
          <p class="field-error zip-error" role="alert">
            {props.zipError}
          </p>
        )}
        <button type="submit" class="secondary">
          Скачать выбранные (ZIP)
        </button>
        <button type="submit" class="secondary" name="all" value="1">
          Скачать все показанные (ZIP)
        </button>
      </div>
    </form>
  );
}

export function RegisterPage(props: {
  orders: OrderEntry[];
  /** Which page of the filtered register `orders` is. */
  paging?: { page: number; pages: number; total: number; size: number };
  years: number[];
  filter: RegisterFilter;
  director: boolean;
  issued?: OrderEntry;
  administrator?: AdministratorLine;
  acknowledged?: Map<string, Acknowledged>;
  error?: string;
  /** Why «Скачать … (ZIP)» gave no archive, shown at the buttons. */
  zipError?: string;
}) {
  const { issued } = props;
  return (
    <>
      <h1>Приказы директора</h1>
      {issued && (
        <div class="notice ok" role="status">
          Приказ № {issued.number} от {ruDate(issued.date)} «{issued.title}» подписан и зарегистрирован.{" "}
          <a href={`/api/orders/${issued.orderId}/pdf`}>Скачать PDF</a>
        </div>
      )}
      <ErrorSummary message={props.error} fields={undefined} />
      <AdministratorCard administrator={props.administrator} director={props.director} />

      <h2>Журнал регистрации приказов</h2>
      <FilterForm years={props.years} filter={props.filter} />

      {props.orders.length === 0 ? (
        <p class="notice">Приказов за выбранный период нет.</p>
      ) : (
        <>
          <RegisterTable
            orders={props.orders}
            director={props.director}
            acknowledged={props.acknowledged ?? new Map()}
            filter={props.filter}
            zipError={props.zipError}
          />
          {props.paging && props.paging.pages > 1 && <Pager paging={props.paging} filter={props.filter} />}
        </>
      )}
      <style dangerouslySetInnerHTML={{ __html: REGISTER_CSS }} />
      <StaffToolsScript />
    </>
  );
}

/** Links to the other pages of the register, keeping the filter. */
function Pager(props: {
  paging: { page: number; pages: number; total: number; size: number };
  filter: RegisterFilter;
}) {
  const { page, pages, total, size } = props.paging;
  const href = (n: number) => {
    const q = new URLSearchParams(filterQuery(props.filter).slice(1));
    q.set("page", String(n));
    return `?${q.toString()}`;
  };
  return (
    <nav class="actions" aria-label="Страницы журнала">
      <span>
        Приказы {(page - 1) * size + 1}–{Math.min(page * size, total)} из {total}, страница {page} из {pages}.
      </span>{" "}
      {page > 1 && <a href={href(page - 1)}>← Предыдущая страница</a>}{" "}
      {page < pages && <a href={href(page + 1)}>Следующая страница →</a>}
    </nav>
  );
}
