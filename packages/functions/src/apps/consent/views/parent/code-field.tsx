import { FieldError } from "../../../../http/layout.js";

/** The confirmation code part of a parent's form (consent/confirmation-codes.ts). */
export interface CodeFieldProps {
  /** The masked contact the code goes to. */
  to: string;
  /** The «Получить код» button's target: the form is posted there, values and all, without JavaScript. */
  action: string;
  /** A code was just sent (the notice) or is live. */
  sent?: boolean;
  fields?: Record<string, string[]>;
  /** Distinguishes the decision form's field from the withdrawal form's. */
  idSuffix?: string;
}

export function CodeField(props: CodeFieldProps) {
  const id = `f-code${props.idSuffix ?? ""}`;
  const sfx = props.idSuffix ?? "";
  const failed = Boolean(props.fields?.[`code${sfx}`]?.length);
  return (
    <fieldset class="code">
      <legend>Код подтверждения</legend>
      <p class="hint" id={`h-code${props.idSuffix ?? ""}`}>
        {props.sent
          ? `Код отправлен на ${props.to}. Он действует 10 минут.`
          : `Решение подписывается кодом, который придёт на ${props.to}. Нажмите «Получить код».`}
      </p>
      <button type="submit" class="secondary" formaction={props.action} formnovalidate>
        Получить код
      </button>
      <label for={id}>Код из сообщения (6 цифр)</label>
      <input
        type="text"
        id={id}
        name="code"
        inputmode="numeric"
        autocomplete="one-time-code"
        pattern="[0-9]{6}"
        maxlength={6}
        aria-describedby={failed ? `h-code${sfx} e-code${sfx}` : `h-code${sfx}`}
        aria-invalid={failed ? "true" : undefined}
      />
      <FieldError name={`code${sfx}`} fields={props.fields} />
    </fieldset>
  );
}
