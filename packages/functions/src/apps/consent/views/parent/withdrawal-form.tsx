import { RELATION_KEYS } from "@soglasie/core/consent/schemas";
import { RELATIONS } from "@soglasie/core/documents/schemas";
import { ErrorSummary, FieldError } from "../../../../http/layout.js";
import { CodeField } from "./code-field.js";
import { parentFieldLabel } from "./field-labels.js";
import { Choices, describedBy, invalid } from "./fields.js";
import { PepRulesField, type PepRulesRef } from "./parts.js";

/**
 * Withdrawal of the personal-data consent through the same link (152-FZ art. 9 p. 2): a signed
 * document of its own; the consent to «Сферум» cannot stand without it. Field ids carry «-w» so
 * they do not clash with the decision form on the same page.
 */
export function WithdrawalForm(props: {
  action: string;
  csrf: string;
  pepRules: PepRulesRef;
  values: {
    parentName?: string;
    studentName?: string;
    relation?: string;
    confirm?: boolean;
    pepRulesAccepted?: boolean;
  };
  /** The adult student withdraws personally: their own name, no relation. */
  bySelf?: boolean;
  error?: string;
  fields?: Record<string, string[]>;
  code?: { to: string; sent: boolean; action: string };
}) {
  const f = props.fields;
  const nameField = props.bySelf ? "studentName" : "parentName";
  // The summary links to `#f-<field>` and messages are `e-<field>`: this form's are `…-w`.
  const errors = f ? Object.fromEntries(Object.entries(f).map(([k, m]) => [`${k}-w`, m])) : undefined;
  return (
    <form method="post" action={`${props.action}#errors-w`} class="card withdraw" novalidate id="withdraw">
      <h2>Отозвать согласие на обработку персональных данных</h2>
      <ErrorSummary message={props.error} fields={errors} id="errors-w" label={parentFieldLabel} />
      <input type="hidden" name="_csrf" value={props.csrf} />
      <input type="hidden" name="decision" value="withdrawal" />
      <p>
        Отзыв подписывается так же, как согласие. Колледж прекратит обработку персональных данных для
        «Сферума», исключит {props.bySelf ? "вас" : "обучающегося и вас"} из чатов и уничтожит эти данные в
        срок не более 30 дней (часть 5 статьи 21 Федерального закона № 152-ФЗ). Данные, которые колледж обязан
        обрабатывать по закону об образовании, продолжат обрабатываться. Связь с колледжем останется доступной
        другими способами.
      </p>
      <label for={`f-${nameField}-w`}>Ваши фамилия, имя и отчество</label>
      <input
        type="text"
        id={`f-${nameField}-w`}
        name={nameField}
        autocomplete="name"
        autocapitalize="words"
        spellcheck={false}
        maxlength={200}
        required
        value={(props.bySelf ? props.values.studentName : props.values.parentName) ?? ""}
        {...describedBy(`${nameField}-w`, errors)}
        {...invalid(`${nameField}-w`, errors)}
      />
      <FieldError name={`${nameField}-w`} fields={errors} />
      {!props.bySelf && (
        <fieldset class="relations" {...describedBy("relation-w", errors)}>
          <legend>Кем вы приходитесь обучающемуся</legend>
          <FieldError name="relation-w" fields={errors} />
          <Choices
            type="radio"
            name="relation"
            fields={f}
            options={RELATION_KEYS.map((key) => ({
              value: key,
              label: RELATIONS[key].charAt(0).toLocaleUpperCase("ru-RU") + RELATIONS[key].slice(1),
              checked: props.values.relation === key,
            }))}
            idPrefix="f-relation-w"
          />
        </fieldset>
      )}
      <label class="choice" for="f-confirm-w">
        <input
          type="checkbox"
          id="f-confirm-w"
          name="confirm"
          value="on"
          checked={props.values.confirm}
          required
          {...describedBy("confirm-w", errors)}
          {...invalid("confirm-w", errors)}
        />
        <span>
          {props.bySelf
            ? "Я — обучающийся, названный на этой странице, мне исполнилось 18 лет; отзываю согласие на обработку моих персональных данных, подписывая отзыв простой электронной подписью."
            : "Я являюсь родителем (законным представителем) обучающегося и отзываю согласие на обработку персональных данных, подписывая отзыв простой электронной подписью."}
        </span>
      </label>
      <FieldError name="confirm-w" fields={errors} />
      <PepRulesField
        rules={props.pepRules}
        checked={props.values.pepRulesAccepted}
        fields={errors}
        idSuffix="-w"
      />
      {props.code && <CodeField {...props.code} fields={errors} idSuffix="-w" />}
      <button type="submit" class="block danger">
        Подписать отзыв
      </button>
    </form>
  );
}
