import { ruDate } from "@soglasie/core/clock";
import type { CurrentRegulation } from "@soglasie/core/regulation/types";
import { CsrfField } from "../../../http/layout.js";

/**
 * The in-force version the signed-in person has not confirmed yet, with «Ознакомлен(а)» (the
 * regulation app records the confirmation); after it, a thank-you notice.
 */
export function RegulationPrompt(props: {
  pending?: CurrentRegulation;
  acknowledged: boolean;
  csrf: string;
}) {
  const { pending } = props;
  if (!pending) {
    return props.acknowledged ? (
      <div class="notice ok" role="status">
        Спасибо: ознакомление с Положением записано.
      </div>
    ) : null;
  }
  return (
    <div class="card" id="regulation-prompt">
      <h2>Ознакомьтесь с Положением</h2>
      <p>
        Приказом от {ruDate(pending.orderDate)} № {pending.orderNumber} утверждено Положение об использовании
        ИКОП «Сферум» в национальном мессенджере «MAX» (редакция № {pending.no}). Прочитайте его и подтвердите
        ознакомление.
      </p>
      <p>
        <a href="/regulation.pdf">Открыть Положение (PDF)</a>
      </p>
      <form method="post" action={`/staff/regulations/${pending.versionId}/acknowledge`}>
        <CsrfField token={props.csrf} />
        <button type="submit">Ознакомлен(а)</button>
      </form>
    </div>
  );
}
