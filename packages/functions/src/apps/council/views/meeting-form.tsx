import type { RegulationVersion } from "@soglasie/core/regulation/types";
import { CsrfField, FieldError } from "../../../http/layout.js";

type Fields = Record<string, string[]>;
type Values = Record<string, string>;

function NumberField(props: { name: string; label: string; values: Values; fields?: Fields }) {
  const { name } = props;
  return (
    <div>
      <label for={`f-${name}`}>{props.label}</label>
      <input
        id={`f-${name}`}
        type="number"
        name={name}
        min={0}
        max={1000}
        inputmode="numeric"
        required
        value={props.values[name] ?? ""}
      />
      <FieldError name={name} fields={props.fields} />
    </div>
  );
}

function TextField(props: {
  name: string;
  label: string;
  hint?: string;
  required?: boolean;
  values: Values;
  fields?: Fields;
}) {
  const { name } = props;
  return (
    <div>
      <label for={`f-${name}`}>
        {props.label} {props.hint && <span class="hint">{props.hint}</span>}
      </label>
      <input
        id={`f-${name}`}
        type="text"
        name={name}
        required={props.required ?? true}
        value={props.values[name] ?? ""}
      />
      <FieldError name={name} fields={props.fields} />
    </div>
  );
}

function ProtocolField(props: { uploaded?: { key: string; size: number }; fields?: Fields }) {
  if (props.uploaded) {
    return (
      <p>
        <input type="hidden" name="protocolKey" value={props.uploaded.key} />
        Скан протокола загружен ({(props.uploaded.size / 1024 / 1024).toFixed(1)} МБ).{" "}
        <a href="/staff/council">Начать заново с другим файлом</a>
        <FieldError name="protocol" fields={props.fields} />
      </p>
    );
  }
  return (
    <>
      <label for="f-protocol">
        Скан подписанного протокола <span class="hint">(PDF, не более 20 МБ)</span>
      </label>
      <input id="f-protocol" type="file" name="protocol" accept="application/pdf,.pdf" required />
      <FieldError name="protocol" fields={props.fields} />
    </>
  );
}

/**
 * The secretary records a meeting, step 1: agenda version, date, numbers, votes, names and the scan.
 * Step 2 (meeting-check-page) shows the decision and the extract's draft before anything is signed.
 */
export function MeetingForm(props: {
  csrf: string;
  drafts: RegulationVersion[];
  values: Values;
  fields?: Fields;
  /** Direct S3 transfers: the scan is already uploaded (its key) instead of a file field. */
  uploaded?: { key: string; size: number };
}) {
  const { values, fields } = props;
  if (props.drafts.length === 0) {
    return <p>Нет проектов Положения, ожидающих рассмотрения педагогическим советом.</p>;
  }
  const at = { values, fields };
  return (
    <form
      method="post"
      action="/staff/council/meetings/check"
      enctype={props.uploaded ? "application/x-www-form-urlencoded" : "multipart/form-data"}
    >
      <CsrfField token={props.csrf} />
      <label for="f-versionId">Вопрос повестки: редакция Положения</label>
      <select id="f-versionId" name="versionId" required>
        {props.drafts.map((v) => (
          <option value={v.versionId} selected={values.versionId === v.versionId}>
            Проект редакции № {v.no}
            {v.note ? ` — ${v.note}` : ""}
          </option>
        ))}
      </select>
      <FieldError name="versionId" fields={fields} />
      <div>
        <label for="f-date">Дата заседания</label>
        <input id="f-date" type="date" name="date" required value={values.date ?? ""} />
        <FieldError name="date" fields={fields} />
      </div>
      <TextField name="protocolNumber" label="Номер протокола" {...at} />
      <fieldset>
        <legend>Состав и голосование</legend>
        <NumberField name="membersTotal" label="Членов педагогического совета всего" {...at} />
        <NumberField name="membersPresent" label="Присутствовало" {...at} />
        <NumberField name="votesFor" label="«За»" {...at} />
        <NumberField name="votesAgainst" label="«Против»" {...at} />
        <NumberField name="votesAbstained" label="«Воздержались»" {...at} />
      </fieldset>
      <TextField name="chair" label="Председатель (ФИО полностью)" {...at} />
      <TextField name="secretary" label="Секретарь (ФИО полностью)" {...at} />
      <TextField
        name="heard"
        label="Слушали"
        hint="(необязательно: кто докладывал)"
        required={false}
        {...at}
      />
      <ProtocolField uploaded={props.uploaded} fields={fields} />
      <p>
        <button type="submit">Проверить запись</button>
      </p>
    </form>
  );
}
