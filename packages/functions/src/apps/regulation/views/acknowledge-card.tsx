import { ruDate } from "@soglasie/core/clock";
import type { CurrentRegulation } from "@soglasie/core/regulation/types";
import { CsrfField } from "../../../http/layout.js";

/**
 * «Ознакомлен» / «Ознакомлена» on the regulation page itself, for the in-force version the person
 * has not confirmed (the home page has the same prompt); back to this page with a thank-you.
 */
export function AcknowledgeCard(props: {
  pending?: CurrentRegulation;
  acknowledged: boolean;
  csrf: string;
  /** The person's own form of «Ознакомлен(а)». */
  label: string;
}) {
  const { pending } = props;
  if (!pending) {
    return props.acknowledged ? (
      <div class="notice ok" role="status" id="acknowledge">
        Спасибо: ознакомление с Положением записано.
      </div>
    ) : null;
  }
  return (
    <div class="card" id="acknowledge">
      <h2>Подтвердите ознакомление</h2>
      <p>
        Редакция № {pending.no} утверждена приказом от {ruDate(pending.orderDate)} № {pending.orderNumber}.
        Прочитайте <a href="/regulation.pdf">Положение (PDF)</a> и подтвердите, что ознакомились с ним.
      </p>
      <form method="post" action={`/staff/regulations/${pending.versionId}/acknowledge`}>
        <CsrfField token={props.csrf} />
        <input type="hidden" name="from" value="regulations" />
        <button type="submit">{props.label}</button>
      </form>
    </div>
  );
}
