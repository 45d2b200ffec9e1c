import { CsrfField, DoneNotice, ErrorSummary, FieldError } from "../../../http/layout.js";

export interface ContactsValues {
  phone?: string;
  email?: string;
  note?: string;
}

const LABELS: Record<keyof ContactsValues, string> = {
  phone: "Телефон для родителей",
  email: "Электронная почта для родителей",
  note: "Когда и как удобнее связаться",
};

function Field(props: {
  name: keyof ContactsValues;
  hint: string;
  value?: string;
  type: "tel" | "email" | "text";
  autocomplete: string;
  maxlength: number;
  fields?: Record<string, string[]>;
}) {
  const failed = Boolean(props.fields?.[props.name]?.length);
  const hintId = `h-${props.name}`;
  return (
    <>
      <label for={`f-${props.name}`}>
        {LABELS[props.name]}
        <span class="hint" id={hintId}>
          {" "}
          {props.hint}
        </span>
      </label>
      <input
        type={props.type === "tel" ? "text" : props.type === "email" ? "email" : "text"}
        inputmode={props.type === "tel" ? "tel" : undefined}
        id={`f-${props.name}`}
        name={props.name}
        value={props.value ?? ""}
        autocomplete={props.autocomplete}
        maxlength={props.maxlength}
        aria-describedby={failed ? `${hintId} e-${props.name}` : hintId}
        aria-invalid={failed ? "true" : undefined}
      />
      <FieldError name={props.name} fields={props.fields} />
    </>
  );
}

/** The staff member's own choice of what parents see beside their name. */
export function ContactsPage(props: {
  csrf: string;
  fullName: string;
  values: ContactsValues;
  saved?: boolean;
  error?: string;
  fields?: Record<string, string[]>;
  isClassTeacher: boolean;
}) {
  const v = props.values;
  const shown = [v.phone, v.email, v.note].filter(Boolean);
  return (
    <>
      <h1>Контакты для родителей</h1>
      <DoneNotice text={props.saved ? "Контакты сохранены." : undefined} />
      <div class="card">
        <p>
          На страницах родителей ваших групп указано: «Классный руководитель — {props.fullName}». Ниже вы
          решаете, какие способы связи показать рядом с именем. Показывается только то, что вы введёте здесь;
          пустое поле не показывается.
        </p>
        {!props.isClassTeacher && (
          <p class="hint">
            Сейчас вы не классный руководитель: контакты появятся, когда вам назначат группу.
          </p>
        )}
        <p>
          <strong>Родители сейчас видят:</strong>{" "}
          {shown.length > 0 ? shown.join("; ") : "только ваше имя, без контактов"}.
        </p>
      </div>
      <form method="post" action="/staff/contacts#errors" class="card" novalidate>
        <ErrorSummary
          message={props.error}
          fields={props.fields}
          id="errors"
          label={(f) => LABELS[f as keyof ContactsValues]}
        />
        <CsrfField token={props.csrf} />
        <Field
          name="phone"
          type="tel"
          hint="рабочий или тот, по которому вы готовы отвечать родителям, например +7 914 123-45-67"
          value={v.phone}
          autocomplete="tel"
          maxlength={30}
          fields={props.fields}
        />
        <Field
          name="email"
          type="email"
          hint="можно не указывать"
          value={v.email}
          autocomplete="email"
          maxlength={254}
          fields={props.fields}
        />
        <Field
          name="note"
          type="text"
          hint="например «по будням с 15:00 до 17:00» или «кабинет 214»"
          value={v.note}
          autocomplete="off"
          maxlength={200}
          fields={props.fields}
        />
        <p>
          <button type="submit">Сохранить</button>
        </p>
      </form>
    </>
  );
}
