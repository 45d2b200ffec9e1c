import { FieldError } from "../../../../http/layout.js";
import { Choices, describedBy, type Fields, TextField } from "./fields.js";

/**
 * The elements of the personal-data consent the parent fills in (152-FZ art. 9 p. 4 items 1-2):
 * the student's and the parent's address and identity document, and the document of the parent's
 * authority. One set of inputs per document (series, number, date, issuer) whatever its kind, so the
 * form works without JavaScript; CSS hides the inputs a chosen kind does not use.
 */

export interface PersonalDataFieldsProps {
  /** Submitted values by field name, to correct a refused submission (never filled otherwise). */
  values: Record<string, string>;
  fields?: Fields;
  /** ISO date: the latest date a document or birth date may have. */
  today: string;
  withBirthDate: boolean;
  withDivisionCode: boolean;
}

const KINDS = {
  "passport-ru": "Паспорт гражданина Российской Федерации",
  "birth-certificate": "Свидетельство о рождении",
  other: "Другой документ (паспорт иностранного гражданина, вид на жительство и т. п.)",
} as const;

function DocumentInputs(props: {
  prefix: string;
  kinds: ReadonlyArray<keyof typeof KINDS>;
  legend: string;
  hint?: string;
  p: PersonalDataFieldsProps;
}) {
  const { prefix, p } = props;
  const v = (k: string) => p.values[`${prefix}.${k}`];
  const typeName = `${prefix}.type`;
  return (
    <fieldset class="doc" {...describedBy(typeName, p.fields)}>
      <legend>{props.legend}</legend>
      {props.hint && <p class="hint">{props.hint}</p>}
      <FieldError name={typeName} fields={p.fields} />
      <Choices
        type="radio"
        name={typeName}
        fields={p.fields}
        options={props.kinds.map((k) => ({ value: k, label: KINDS[k], checked: v("type") === k }))}
      />
      <TextField
        class="f-name"
        name={`${prefix}.name`}
        label="Название документа"
        value={v("name")}
        fields={p.fields}
        maxlength={200}
      />
      <TextField
        name={`${prefix}.series`}
        label="Серия"
        hint="паспорт — 4 цифры (76 04); свидетельство о рождении — римское число и две буквы (IV-АБ)"
        value={v("series")}
        fields={p.fields}
        maxlength={50}
      />
      <TextField
        name={`${prefix}.number`}
        label="Номер"
        value={v("number")}
        fields={p.fields}
        inputmode="numeric"
        maxlength={100}
      />
      <TextField
        type="date"
        name={`${prefix}.issuedOn`}
        label="Дата выдачи"
        max={p.today}
        value={v("issuedOn")}
        fields={p.fields}
      />
      <TextField
        name={`${prefix}.issuer`}
        label="Кем выдан"
        hint="как написано в документе"
        value={v("issuer")}
        fields={p.fields}
      />
      {p.withDivisionCode && (
        <TextField
          class="f-code"
          name={`${prefix}.divisionCode`}
          label="Код подразделения"
          hint="для паспорта, 000-000"
          value={v("divisionCode")}
          fields={p.fields}
          inputmode="numeric"
          maxlength={7}
        />
      )}
    </fieldset>
  );
}

export function PersonalDataFields(props: PersonalDataFieldsProps & { bySelf?: boolean }) {
  const p = props;
  if (p.bySelf) return <OwnPersonalDataFields {...p} />;
  const same = p.values["personalData.student.sameAddress"] === "on";
  return (
    <section class="pd" aria-labelledby="pd-title">
      <h3 id="pd-title">Сведения для согласия на обработку персональных данных</h3>
      <p class="hint">
        Закон требует указать в согласии адреса и документы обучающегося и ваши (часть 4 статьи 9 Федерального
        закона № 152-ФЗ). Эти сведения попадут только в подписанный документ PDF: в списках и таблицах
        колледжа их нет, в «Сферум» они не передаются.
      </p>

      <h4>Обучающийся</h4>
      {p.withBirthDate && (
        <TextField
          type="date"
          name="personalData.student.birthDate"
          label="Дата рождения обучающегося"
          max={p.today}
          value={p.values["personalData.student.birthDate"]}
          fields={p.fields}
        />
      )}
      <DocumentInputs
        prefix="personalData.student.document"
        kinds={["passport-ru", "birth-certificate", "other"]}
        legend="Документ, удостоверяющий личность обучающегося"
        hint="Паспорт выдаётся с 14 лет; если паспорта ещё нет — свидетельство о рождении."
        p={p}
      />
      <TextField
        name="personalData.student.address"
        label="Адрес обучающегося"
        hint="индекс, населённый пункт, улица, дом, квартира"
        value={p.values["personalData.student.address"]}
        fields={p.fields}
        autocomplete="street-address"
      />
      <label class="choice" for="f-personalData.student.sameAddress">
        <input
          type="checkbox"
          id="f-personalData.student.sameAddress"
          name="personalData.student.sameAddress"
          value="on"
          checked={same}
        />
        <span>Адрес обучающегося совпадает с моим (поле выше можно не заполнять)</span>
      </label>

      <h4>Вы (родитель, законный представитель)</h4>
      <DocumentInputs
        prefix="personalData.representative.document"
        kinds={["passport-ru", "other"]}
        legend="Ваш документ, удостоверяющий личность"
        p={p}
      />
      <TextField
        name="personalData.representative.address"
        label="Ваш адрес"
        hint="индекс, населённый пункт, улица, дом, квартира"
        value={p.values["personalData.representative.address"]}
        fields={p.fields}
        autocomplete="street-address"
      />

      <fieldset class="doc auth" {...describedBy("personalData.authority.type", p.fields)}>
        <legend>Документ, подтверждающий ваши полномочия</legend>
        <p class="hint">
          Для родителя — свидетельство о рождении обучающегося; для опекуна или попечителя — акт органа опеки
          и попечительства о назначении (название, номер, дата, кем принят).
        </p>
        <FieldError name="personalData.authority.type" fields={p.fields} />
        <Choices
          type="radio"
          name="personalData.authority.type"
          fields={p.fields}
          options={[
            {
              value: "student-document",
              label: "Свидетельство о рождении обучающегося, указанное выше",
              checked: p.values["personalData.authority.type"] === "student-document",
            },
            {
              value: "birth-certificate",
              label: "Свидетельство о рождении обучающегося (укажите его ниже)",
              checked: p.values["personalData.authority.type"] === "birth-certificate",
            },
            {
              value: "other",
              label: "Другой документ: акт о назначении опекуна (попечителя), об усыновлении и т. п.",
              checked: p.values["personalData.authority.type"] === "other",
            },
          ]}
        />
        <div class="doc-fields">
          <TextField
            class="f-name"
            name="personalData.authority.name"
            label="Название документа"
            value={p.values["personalData.authority.name"]}
            fields={p.fields}
            maxlength={200}
          />
          <TextField
            name="personalData.authority.series"
            label="Серия"
            hint="для свидетельства о рождении — например IV-АБ; для акта можно не заполнять"
            value={p.values["personalData.authority.series"]}
            fields={p.fields}
            maxlength={50}
          />
          <TextField
            name="personalData.authority.number"
            label="Номер"
            value={p.values["personalData.authority.number"]}
            fields={p.fields}
            maxlength={100}
          />
          <TextField
            type="date"
            name="personalData.authority.issuedOn"
            label="Дата выдачи (принятия)"
            max={p.today}
            value={p.values["personalData.authority.issuedOn"]}
            fields={p.fields}
          />
          <TextField
            name="personalData.authority.issuer"
            label="Кем выдан (принят)"
            value={p.values["personalData.authority.issuer"]}
            fields={p.fields}
          />
        </div>
      </fieldset>
    </section>
  );
}

/** Hides what the chosen answer and document kinds do not use (without CSS `:has`, everything shows). */
export const PERSONAL_DATA_CSS = `
form:has(#f-decision-refusal:checked) .pd{display:none}
.pd h3{font-size:1.1rem;margin:1.6rem 0 .3rem}
.pd h4{font-size:1rem;margin:1.2rem 0 .2rem}
.doc .choice{min-height:44px;padding:.45rem 0}
.doc:has(input[value="passport-ru"]:checked) .f-name,.doc:has(input[value="birth-certificate"]:checked) .f-name{display:none}
.doc:has(input[value="birth-certificate"]:checked) .f-code,.doc:has(input[value="other"]:checked) .f-code{display:none}
.auth:has(input[value="student-document"]:checked) .doc-fields{display:none}
`;

/** The adult student's own personal-data fields: their address and identity document only. */
function OwnPersonalDataFields(p: PersonalDataFieldsProps) {
  return (
    <section class="pd" aria-labelledby="pd-title">
      <h3 id="pd-title">Сведения для согласия на обработку персональных данных</h3>
      <p class="hint">
        Закон требует указать в согласии ваши адрес и документ, удостоверяющий личность (часть 4 статьи 9
        Федерального закона № 152-ФЗ). Эти сведения попадут только в подписанный документ PDF: в списках и
        таблицах колледжа их нет, в «Сферум» они не передаются.
      </p>
      {p.withBirthDate && (
        <TextField
          type="date"
          name="personalData.student.birthDate"
          label="Ваша дата рождения"
          max={p.today}
          value={p.values["personalData.student.birthDate"]}
          fields={p.fields}
        />
      )}
      <DocumentInputs
        prefix="personalData.student.document"
        kinds={["passport-ru", "other"]}
        legend="Ваш документ, удостоверяющий личность"
        p={p}
      />
      <TextField
        name="personalData.student.address"
        label="Ваш адрес"
        hint="индекс, населённый пункт, улица, дом, квартира"
        value={p.values["personalData.student.address"]}
        fields={p.fields}
        autocomplete="street-address"
      />
    </section>
  );
}
