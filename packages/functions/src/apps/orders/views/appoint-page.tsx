import type { StaffMember } from "@soglasie/core/staff/staff-repository";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { CsrfField, ErrorSummary, FieldError } from "../../../http/layout.js";

export type Fields = Record<string, string[]>;
/** A refused order, shown on its form. */
export type Failure = { message: string; fields?: Fields; status: ContentfulStatusCode };

export const describedBy = (fields: Fields | undefined, name: string) =>
  fields?.[name] ? `e-${name}` : undefined;

/**
 * The order's buttons: its draft first («ПРОЕКТ», opened in a new tab so the form keeps what was
 * entered), then signing. `draft` is where the same form posts for the draft PDF.
 */
export function FormActions(props: { draft: string }) {
  return (
    <div class="actions">
      <button type="submit" class="secondary" formaction={props.draft} formtarget="_blank">
        Открыть проект приказа (PDF)
      </button>
      <button type="submit">Подписать и зарегистрировать</button>
      <a class="button secondary" href="/staff/orders">
        Отмена
      </a>
    </div>
  );
}

export function AppointPage(props: {
  candidates: StaffMember[];
  values: { staffId?: string; effectiveFrom: string };
  csrf: string;
  error?: Failure;
}) {
  const fields = props.error?.fields;
  return (
    <>
      <h1>Назначение администратора ИКОП «Сферум»</h1>
      <p>
        Администратор назначается приказом директора из числа педагогических работников (пункты 2.1 и 2.4
        Положения). Новый приказ прекращает полномочия прежнего администратора с даты назначения; прежний
        приказ остаётся в журнале с отметкой «Утратил силу».
      </p>
      <div class="card">
        <ErrorSummary message={props.error?.message} fields={fields} />
        <form method="post" action="/staff/orders/appoint">
          <CsrfField token={props.csrf} />
          <label for="f-staffId">
            Сотрудник <span class="hint">(только педагогические работники)</span>
          </label>
          <select id="f-staffId" name="staffId" required aria-describedby={describedBy(fields, "staffId")}>
            <option value="">— выберите —</option>
            {props.candidates.map((s) => (
              <option value={s.staffId} selected={props.values.staffId === s.staffId}>
                {s.fullName}, {s.position}
              </option>
            ))}
          </select>
          <FieldError name="staffId" fields={fields} />
          <label for="f-effectiveFrom">Дата, с которой действует назначение</label>
          <input
            id="f-effectiveFrom"
            type="date"
            name="effectiveFrom"
            required
            value={props.values.effectiveFrom}
            aria-describedby={describedBy(fields, "effectiveFrom")}
          />
          <FieldError name="effectiveFrom" fields={fields} />
          <FormActions draft="/staff/orders/appoint/draft.pdf" />
        </form>
      </div>
    </>
  );
}
