import { ruDate } from "@soglasie/core/clock";
import { ALTERNATIVE_KEYS, ALTERNATIVE_LABELS, RELATION_KEYS } from "@soglasie/core/consent/schemas";
import type { Decision } from "@soglasie/core/consent/types";
import { RELATIONS } from "@soglasie/core/documents/schemas";
import type { Child } from "hono/jsx";
import { ErrorSummary, FieldError, Layout } from "../../../../http/layout.js";
import { About, Contact, CurrentDecision, type LinkPageProps, ParentStyles, SafeMode } from "./parts.js";

export interface FormValues {
  decision?: string;
  parentName?: string;
  relation?: string;
  alternatives?: string[];
  confirm?: boolean;
}

export interface ParentPageProps extends LinkPageProps {
  expiresOn: string;
  regulation?: { date: string; orderNumber: string };
  current?: Decision & { pdfUrl: string };
  csrf: string;
  action: string;
  values: FormValues;
  error?: string;
  fields?: Record<string, string[]>;
}

/**
 * A group of radio buttons or checkboxes, each in its large label. The first one carries the field's
 * own id (the error summary links to it) and, for a required choice, `required`.
 */
function Choices(props: {
  type: "radio" | "checkbox";
  name: string;
  options: Array<{ value: string; label: Child; checked: boolean }>;
  required?: boolean;
  attributes?: { "aria-invalid"?: "true" };
}) {
  return (
    <>
      {props.options.map((o, i) => {
        const id = i === 0 ? `f-${props.name}` : `f-${props.name}-${o.value}`;
        return (
          <label class="choice" for={id}>
            <input
              type={props.type}
              id={id}
              name={props.name}
              value={o.value}
              checked={o.checked}
              required={props.required && i === 0}
              {...props.attributes}
            />
            <span>{o.label}</span>
          </label>
        );
      })}
    </>
  );
}

function described(name: string, fields?: Record<string, string[]>, hint?: string) {
  const ids = [hint, fields?.[name]?.length ? `e-${name}` : undefined].filter(Boolean).join(" ");
  return ids ? { "aria-describedby": ids } : {};
}

export function ParentPage(props: ParentPageProps) {
  const v = props.values;
  const alternatives = new Set(v.alternatives ?? []);
  const invalid = (name: string) => (props.fields?.[name]?.length ? { "aria-invalid": "true" as const } : {});
  return (
    <Layout
      title={`Согласие на использование «Сферума» — ${props.orgName}`}
      orgName={props.orgFullName}
      narrow
    >
      <ParentStyles />
      <h1>Согласие на использование «Сферума» в мессенджере MAX</h1>
      <p class="lead">
        Обучающийся: <strong>{props.studentName}</strong>, группа {props.groupCode}
      </p>
      {props.current && <CurrentDecision decision={props.current} timeZone={props.timeZone} />}
      <About regulation={props.regulation} />

      <form method="post" action={props.action} class="card" novalidate>
        <h2>{props.current ? "Изменить решение" : "Ваше решение"}</h2>
        <ErrorSummary message={props.error} fields={props.fields} />
        <input type="hidden" name="_csrf" value={props.csrf} />

        <fieldset class="options" {...described("decision", props.fields)}>
          <legend>Согласны ли вы на регистрацию и использование обучающимся «Сферума» в MAX?</legend>
          <FieldError name="decision" fields={props.fields} />
          <Choices
            type="radio"
            name="decision"
            required
            attributes={invalid("decision")}
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
                    <span class="hint">Связь с колледжем останется доступной другими способами.</span>
                  </>
                ),
                checked: v.decision === "refusal",
              },
            ]}
          />
        </fieldset>

        <fieldset class="alternatives" {...described("alternatives", props.fields, "alt-hint")}>
          <legend>Если вы не согласны: как удобнее поддерживать связь?</legend>
          <p class="hint" id="alt-hint">
            По пункту 1.8 Положения для вас остаются доступными все способы ниже. Отметьте удобные — классный
            руководитель будет их использовать. Можно ничего не отмечать.
          </p>
          <FieldError name="alternatives" fields={props.fields} />
          <Choices
            type="checkbox"
            name="alternatives"
            options={ALTERNATIVE_KEYS.map((key) => ({
              value: key,
              label: ALTERNATIVE_LABELS[key],
              checked: alternatives.has(key),
            }))}
          />
        </fieldset>

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
          {...described("parentName", props.fields, "name-hint")}
          {...invalid("parentName")}
        />
        <FieldError name="parentName" fields={props.fields} />

        <fieldset class="relations" {...described("relation", props.fields)}>
          <legend>Кем вы приходитесь обучающемуся</legend>
          <FieldError name="relation" fields={props.fields} />
          <Choices
            type="radio"
            name="relation"
            required
            attributes={invalid("relation")}
            options={RELATION_KEYS.map((key) => ({
              value: key,
              label: RELATIONS[key].charAt(0).toLocaleUpperCase("ru-RU") + RELATIONS[key].slice(1),
              checked: v.relation === key,
            }))}
          />
        </fieldset>

        <label class="choice" for="f-confirm">
          <input
            type="checkbox"
            id="f-confirm"
            name="confirm"
            value="on"
            checked={v.confirm}
            required
            {...described("confirm", props.fields)}
            {...invalid("confirm")}
          />
          <span>
            Я являюсь родителем (законным представителем) обучающегося, ознакомлен(а) с Положением и
            подписываю решение простой электронной подписью.
          </span>
        </label>
        <FieldError name="confirm" fields={props.fields} />
        <p class="hint">
          При подписании сохраняются дата и время, IP-адрес и сведения о браузере. Документ в формате PDF с
          электронной подписью колледжа будет доступен сразу.
        </p>
        <button type="submit" class="block">
          Подписать и отправить
        </button>
        <p class="hint">Ссылка действует до {ruDate(props.expiresOn)} включительно.</p>
      </form>

      <SafeMode />
      <Contact orgFullName={props.orgFullName} />
    </Layout>
  );
}
