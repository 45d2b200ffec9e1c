import { ruDate } from "@soglasie/core/clock";
import type { OrderEntry } from "@soglasie/core/orders/types";
import { CsrfField, ErrorSummary, FieldError } from "../../../http/layout.js";
import { describedBy, type Failure, FormActions } from "./appoint-page.js";

export type CancelValues = { kind: string; reason: string; effectiveDate: string };

/**
 * «Отменить приказ»: an order is never deleted; a new order cancels it (issued in error) or declares
 * it void from a date. The draft opens first, then signing.
 */
export function CancelPage(props: {
  order: OrderEntry;
  values: CancelValues;
  csrf: string;
  error?: Failure;
}) {
  const { order } = props;
  const fields = props.error?.fields;
  const action = `/staff/orders/${encodeURIComponent(order.orderId)}/cancel`;
  return (
    <>
      <h1>Отмена приказа № {order.number}</h1>
      <p>
        Приказ от {ruDate(order.date)} № {order.number} «{order.title}». Приказ не удаляется: издаётся новый
        приказ, оба остаются в журнале, у отменяемого появляется отметка со ссылкой на новый.
      </p>
      {order.kind === "appoint-administrator" && (
        <p>
          Полномочия администратора, предоставленные этим приказом, прекращаются; прежний администратор не
          восстанавливается — для этого нужен новый приказ о назначении.
        </p>
      )}
      {order.kind === "approve-regulation" && (
        <p>Утверждённая этим приказом редакция Положения утрачивает силу в день подписания нового приказа.</p>
      )}
      <div class="card">
        <ErrorSummary message={props.error?.message} fields={fields} />
        <form method="post" action={action}>
          <CsrfField token={props.csrf} />
          <fieldset aria-describedby={describedBy(fields, "kind")}>
            <legend id="f-kind">Что сделать с приказом</legend>
            <label>
              <input type="radio" name="kind" value="cancel" checked={props.values.kind === "cancel"} />{" "}
              Отменить как изданный ошибочно («Об отмене приказа»): приказ недействителен с момента издания
            </label>
            <label>
              <input type="radio" name="kind" value="void-from" checked={props.values.kind === "void-from"} />{" "}
              Признать утратившим силу с даты («О признании утратившим силу приказа»)
            </label>
          </fieldset>
          <FieldError name="kind" fields={fields} />
          <label for="f-reason">
            Причина{" "}
            <span class="hint">
              (продолжает слова «В связи с …», например: «допущенной ошибкой в выборе работника»)
            </span>
          </label>
          <textarea
            id="f-reason"
            name="reason"
            rows={3}
            maxlength={500}
            required
            aria-describedby={describedBy(fields, "reason")}
          >
            {props.values.reason}
          </textarea>
          <FieldError name="reason" fields={fields} />
          <label for="f-effectiveDate">
            Дата, с которой приказ утрачивает силу{" "}
            <span class="hint">(только при признании утратившим силу)</span>
          </label>
          <input
            id="f-effectiveDate"
            type="date"
            name="effectiveDate"
            value={props.values.effectiveDate}
            aria-describedby={describedBy(fields, "effectiveDate")}
          />
          <FieldError name="effectiveDate" fields={fields} />
          <FormActions draft={`${action}/draft.pdf`} />
        </form>
      </div>
    </>
  );
}
