import { ruDate } from "@soglasie/core/clock";
import type { OrderEntry } from "@soglasie/core/orders/types";
import { CsrfField } from "../../../http/layout.js";

/**
 * Orders in force that name the signed-in person and that they have not acknowledged yet: each with
 * its signed PDF and the confirmation (the orders app records it and issues the order's sheet).
 * `acquainted` is the button's word in the person's gender («Ознакомлена»).
 */
export function OrderPrompt(props: {
  pending: OrderEntry[];
  acknowledged?: OrderEntry;
  acquainted: string;
  csrf: string;
}) {
  return (
    <>
      {props.acknowledged && (
        <div class="notice ok" role="status">
          Спасибо: ознакомление с приказом от {ruDate(props.acknowledged.date)} № {props.acknowledged.number}{" "}
          записано.
        </div>
      )}
      {props.pending.map((order) => (
        <div class="card" id={`order-prompt-${order.orderId}`}>
          <h2>Ознакомьтесь с приказом</h2>
          <p>
            Приказ от {ruDate(order.date)} № {order.number} «{order.title}» называет вас. Прочитайте его и
            подтвердите ознакомление.
          </p>
          <p>
            <a href={`/staff/orders/${order.orderId}/document`}>Открыть приказ (PDF)</a>
          </p>
          <form method="post" action={`/staff/orders/${order.orderId}/acknowledge`}>
            <CsrfField token={props.csrf} />
            <button type="submit">{props.acquainted}</button>
          </form>
        </div>
      ))}
    </>
  );
}
