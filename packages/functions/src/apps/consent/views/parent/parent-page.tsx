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
  /** Confirmation codes apply: where the code goes and whether one was sent. */
  code?: { to: string; sent: boolean; action: string };
}

export function ParentPage(props: ParentPageProps) {
  const v = props.failed === "withdrawal" ? { relation: props.values.relation } : props.values;
  const fields = props.failed === "withdrawal" ? undefined : props.fields;
  const canWithdraw = props.current?.decision === "consent" && Boolean(props.current.personalData);
  // A withdrawal refused because nothing is left to withdraw has no form of its own to show it in.
  const error = props.failed === "withdrawal" && canWithdraw ? undefined : props.error;
  const alternatives = new Set(v.alternatives ?? []);
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
      {props.current && <CurrentDecision decision={props.current} timeZone={props.timeZone} />}
      <About regulation={props.regulation} />

      {/* The fragment lands a refused submit on the error summary (the receipt's redirect names its own). */}
      <form method="post" action={`${props.action}#errors`} class="card" novalidate>
        <h2>{props.current ? "Изменить решение" : "Ваше решение"}</h2>
        <ErrorSummary message={error} fields={fields} id="errors" label={parentFieldLabel} />
        <input type="hidden" name="_csrf" value={props.csrf} />

        <fieldset class="options" {...described("decision", fields)}>
          <legend>Согласны ли вы на регистрацию и использование обучающимся «Сферума» в MAX?</legend>
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
                    <span class="hint">Обучающийся и вы сможете участвовать в чатах группы в «Сферуме».</span>
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

        <PersonalDataFields
          values={v.personalData ?? {}}
          fields={fields}
          today={props.today}
          withBirthDate={props.personalData.withBirthDate}
          withDivisionCode={props.personalData.withDivisionCode}
        />

        <h3>Подпись</h3>
        <label for="f-parentName">
          Ваши фамилия, имя и отчество
          <span class="hint" id="name-hint">
            {" "}
            Полностью, как в паспорте. Ввод ФИО вместе с переходом по личной ссылке — ваша простая электронная
            подпись.
          </span>
        </label>
        <input
          type="text"
          id="f-parentName"
          name="parentName"
          autocomplete="name"
          autocapitalize="words"
          spellcheck={false}
          maxlength={200}
          required
          value={v.parentName ?? ""}
          {...described("parentName", fields, "name-hint")}
          {...invalid("parentName")}
        />
        <FieldError name="parentName" fields={fields} />

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
            Я являюсь родителем (законным представителем) обучающегося, ознакомлен(а) с Положением и
            подписываю решение простой электронной подписью.
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
          csrf={props.csrf}
          pepRules={props.pepRules}
          code={props.code ? { ...props.code, action: `${props.code.action}?form=withdrawal` } : undefined}
          values={props.failed === "withdrawal" ? props.values : {}}
          error={props.failed === "withdrawal" ? props.error : undefined}
          fields={props.failed === "withdrawal" ? props.fields : undefined}
        />
      )}

      <SafeMode />
      <Contact orgFullName={props.orgFullName} classTeachers={props.classTeachers} />
    </Layout>
  );
}
