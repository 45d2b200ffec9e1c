import { ruDate } from "@soglasie/core/clock";
import { ALTERNATIVE_KEYS, ALTERNATIVE_LABELS, RELATION_KEYS } from "@soglasie/core/consent/schemas";
import type { Decision } from "@soglasie/core/consent/types";
import { RELATIONS } from "@soglasie/core/documents/schemas";
import { ErrorSummary, errorTitle, FieldError, Layout } from "../../../../http/layout.js";
import { CodeField } from "./code-field.js";
import { parentFieldLabel } from "./field-labels.js";
import { Choices, describedBy as described } from "./fields.js";
import {
  About,
  Contact,
  CurrentDecision,
  type LinkPageProps,
  ParentStyles,
  PepRulesField,
  type PepRulesRef,
  SafeMode,
} from "./parts.js";
import { PERSONAL_DATA_CSS, PersonalDataFields } from "./personal-data-fields.js";
import { WithdrawalForm } from "./withdrawal-form.js";

export interface FormValues {
  decision?: string;
  parentName?: string;
  /** The adult student's typed name (their own signature). */
  studentName?: string;
  /** «Исполнилось ли обучающемуся 18 лет?» when the date of birth is unknown: "adult" | "minor". */
  studentAge?: string;
  relation?: string;
  alternatives?: string[];
  confirm?: boolean;
  pepRulesAccepted?: boolean;
  /** The version of the signature rules the form showed. */
  pepRulesVersion?: string;
  /** The personal-data fields as submitted (a refused submission is shown again for correction). */
  personalData?: Record<string, string>;
  /** The confirmation code typed (never shown again). */
  code?: string;
}

export interface ParentPageProps extends LinkPageProps {
  expiresOn: string;
  today: string;
  regulation?: { date: string; orderNumber: string };
  current?: Decision & { pdfUrl: string; personalDataPdfUrl?: string; withdrawalPdfUrl?: string };
  csrf: string;
  action: string;
  withdrawAction: string;
  /** The parents' signature rules in force, and whether this link must still accept them. */
  pepRules: PepRulesRef;
  personalData: { withBirthDate: boolean; withDivisionCode: boolean };
  values: FormValues;
  /** Which form a refusal of the last submission belongs to. */
  failed?: "decision" | "withdrawal";
  error?: string;
  fields?: Record<string, string[]>;
  /** Who answers: the adult student speaks for themselves (no representative wording or fields). */
  respondent: "student" | "representative";
  /** The date of birth is unknown: the form asks whether the student is 18 (field `studentAge`). */
  askAge: boolean;
  /** Confirmation codes apply: where the code goes and whether one was sent. */
  code?: { to: string; sent: boolean; action: string };
}

/** The question asked when the college does not know the student's date of birth. */
function AgeQuestion(props: {
  value?: string;
  bySelf: boolean;
  /** The page's own path: links stay within the site (`/c/{token}?age=…`). */
  action: string;
  fields?: Record<string, string[]>;
}) {
  return (
    <fieldset class="options" {...described("studentAge", props.fields, "age-hint")}>
      <legend>Исполнилось ли обучающемуся 18 лет?</legend>
      <p class="hint" id="age-hint">
        Колледжу не известна дата рождения обучающегося. До 18 лет решение принимает родитель (законный
        представитель), с 18 лет — сам обучающийся. Ответ будет указан в документе.{" "}
        {props.bySelf ? (
          <a href={`${props.action}?age=minor`}>Форма для родителя (законного представителя)</a>
        ) : (
          <a href={`${props.action}?age=adult`}>Форма для обучающегося, которому исполнилось 18 лет</a>
        )}
      </p>
      <FieldError name="studentAge" fields={props.fields} />
      <Choices
        type="radio"
        name="studentAge"
        required
        fields={props.fields}
        options={[
          {
            value: "minor",
            label: "Нет, обучающемуся меньше 18 лет — решение принимает родитель (законный представитель)",
            checked: props.value === "minor",
          },
          {
            value: "adult",
            label: "Да, обучающемуся исполнилось 18 лет — решение принимает он сам",
            checked: props.value === "adult",
          },
        ]}
      />
    </fieldset>
  );
}

export function ParentPage(props: ParentPageProps) {
  const bySelf = props.respondent === "student";
  const v = props.failed === "withdrawal" ? { relation: props.values.relation } : props.values;
  const fields = props.failed === "withdrawal" ? undefined : props.fields;
  const canWithdraw = props.current?.decision === "consent" && Boolean(props.current.personalData);
  // A withdrawal refused because nothing is left to withdraw has no form of its own to show it in.
  const error = props.failed === "withdrawal" && canWithdraw ? undefined : props.error;
  const alternatives = new Set(v.alternatives ?? []);
  const nameField = bySelf ? "studentName" : "parentName";
  const invalid = (name: string) => (fields?.[name]?.length ? { "aria-invalid": "true" as const } : {});
  return (
    <Layout
      title={errorTitle(
        `Согласие на использование «Сферума» — ${props.orgName}`,
        Boolean(props.failed && (props.error || props.fields)),
      )}
      orgName={props.orgFullName}
      narrow
    >
      <ParentStyles />
      <style dangerouslySetInnerHTML={{ __html: PERSONAL_DATA_CSS }} />
      <h1>Согласие на использование «Сферума» в мессенджере MAX</h1>
      <p class="lead">
        Обучающийся: <strong>{props.studentName}</strong>, группа {props.groupCode}
      </p>
      {bySelf && !props.askAge && (
        <p>
          Вам исполнилось 18 лет: решение принимаете вы сами и подписываете его своей простой электронной
          подписью.
        </p>
      )}
      {props.current && <CurrentDecision decision={props.current} timeZone={props.timeZone} />}
      <About regulation={props.regulation} bySelf={bySelf} />

      {/* The fragment lands a refused submit on the error summary (the receipt's redirect names its own). */}
      <form method="post" action={`${props.action}#errors`} class="card" novalidate>
        <h2>{props.current ? "Изменить решение" : "Ваше решение"}</h2>
        <ErrorSummary message={error} fields={fields} id="errors" label={parentFieldLabel} />
        <input type="hidden" name="_csrf" value={props.csrf} />
        {props.askAge && (
          <AgeQuestion value={v.studentAge} bySelf={bySelf} action={props.action} fields={fields} />
        )}

        <fieldset class="options" {...described("decision", fields)}>
          <legend>
            {bySelf
              ? "Согласны ли вы на регистрацию и использование вами «Сферума» в MAX?"
              : "Согласны ли вы на регистрацию и использование обучающимся «Сферума» в MAX?"}
          </legend>
          <FieldError name="decision" fields={fields} />
          <Choices
            type="radio"
            name="decision"
            required
            fields={fields}
            options={[
              {
                value: "consent",
                label: (
                  <>
                    <strong>Согласен(на)</strong>
                    <span class="hint">
                      {bySelf
                        ? "Вы сможете участвовать в чатах группы в «Сферуме»."
                        : "Обучающийся и вы сможете участвовать в чатах группы в «Сферуме»."}
                    </span>
                  </>
                ),
                checked: v.decision === "consent",
              },
              {
                value: "refusal",
                label: (
                  <>
                    <strong>Не согласен(на)</strong>
                    <span class="hint">
                      Связь с колледжем останется доступной другими способами.
                      {canWithdraw &&
                        " Ранее данное согласие на обработку персональных данных будет отозвано: вы подпишете и отзыв."}
                    </span>
                  </>
                ),
                checked: v.decision === "refusal",
              },
            ]}
          />
        </fieldset>

        <fieldset class="alternatives" {...described("alternatives", fields, "alt-hint")}>
          <legend>Если вы не согласны: как удобнее поддерживать связь?</legend>
          <p class="hint" id="alt-hint">
            По пункту 1.8 Положения для вас остаются доступными все способы ниже. Отметьте удобные — классный
            руководитель будет их использовать. Можно ничего не отмечать.
          </p>
          <FieldError name="alternatives" fields={fields} />
          <Choices
            type="checkbox"
            name="alternatives"
            fields={fields}
            options={ALTERNATIVE_KEYS.map((key) => ({
              value: key,
              label: ALTERNATIVE_LABELS[key],
              checked: alternatives.has(key),
            }))}
          />
        </fieldset>

        {!bySelf && (
          <fieldset class="relations" {...described("relation", fields)}>
            <legend>Кем вы приходитесь обучающемуся</legend>
            <FieldError name="relation" fields={fields} />
            <Choices
              type="radio"
              name="relation"
              required
              fields={fields}
              options={RELATION_KEYS.map((key) => ({
                value: key,
                label: RELATIONS[key].charAt(0).toLocaleUpperCase("ru-RU") + RELATIONS[key].slice(1),
                checked: v.relation === key,
              }))}
            />
          </fieldset>
        )}

        <PersonalDataFields
          bySelf={bySelf}
          values={v.personalData ?? {}}
          fields={fields}
          today={props.today}
          withBirthDate={props.personalData.withBirthDate}
          withDivisionCode={props.personalData.withDivisionCode}
        />

        <h3>Подпись</h3>
        <label for={`f-${nameField}`}>
          Ваши фамилия, имя и отчество
          <span class="hint" id="name-hint">
            {" "}
            Полностью, как в паспорте. Ввод ФИО вместе с переходом по личной ссылке — ваша простая электронная
            подпись.
          </span>
        </label>
        <input
          type="text"
          id={`f-${nameField}`}
          name={nameField}
          autocomplete="name"
          autocapitalize="words"
          spellcheck={false}
          maxlength={200}
          required
          value={(bySelf ? v.studentName : v.parentName) ?? ""}
          {...described(nameField, fields, "name-hint")}
          {...invalid(nameField)}
        />
        <FieldError name={nameField} fields={fields} />

        <label class="choice" for="f-confirm">
          <input
            type="checkbox"
            id="f-confirm"
            name="confirm"
            value="on"
            checked={v.confirm}
            required
            {...described("confirm", fields)}
            {...invalid("confirm")}
          />
          <span>
            {bySelf
              ? "Я — обучающийся, названный на этой странице, мне исполнилось 18 лет; я ознакомлен(а) с Положением и подписываю решение простой электронной подписью."
              : "Я являюсь родителем (законным представителем) обучающегося, ознакомлен(а) с Положением и подписываю решение простой электронной подписью."}
          </span>
        </label>
        <FieldError name="confirm" fields={fields} />
        <PepRulesField rules={props.pepRules} checked={v.pepRulesAccepted} fields={fields} />
        {props.code && <CodeField {...props.code} fields={fields} />}
        <p class="hint">
          При подписании сохраняются дата и время, IP-адрес и сведения о браузере. Документ в формате PDF с
          электронной подписью колледжа будет доступен сразу.
        </p>
        <button type="submit" class="block">
          Подписать и отправить
        </button>
        <p class="hint">Ссылка действует до {ruDate(props.expiresOn)} включительно.</p>
      </form>

      {canWithdraw && (
        <WithdrawalForm
          action={props.withdrawAction}
          bySelf={props.askAge ? props.current?.respondent === "student" : bySelf}
          csrf={props.csrf}
          pepRules={props.pepRules}
          code={props.code ? { ...props.code, action: `${props.code.action}?form=withdrawal` } : undefined}
          values={props.failed === "withdrawal" ? props.values : {}}
          error={props.failed === "withdrawal" ? props.error : undefined}
          fields={props.failed === "withdrawal" ? props.fields : undefined}
        />
      )}

      <SafeMode bySelf={bySelf} />
      <Contact orgFullName={props.orgFullName} classTeachers={props.classTeachers} />
    </Layout>
  );
}
