import type { Child } from "hono/jsx";
import { FieldError } from "../../../../http/layout.js";

/**
 * Form controls of the parent's pages. A field's `name` is its path in the JSON API
 * («personalData.student.document.number»), so the messages a refused submission returns sit next
 * to their fields (`e-<name>`) and the summary links to them (`f-<name>`).
 */

export type Fields = Record<string, string[]> | undefined;

export function describedBy(name: string, fields: Fields, hint?: string) {
  const ids = [hint, fields?.[name]?.length ? `e-${name}` : undefined].filter(Boolean).join(" ");
  return ids ? { "aria-describedby": ids } : {};
}

export const invalid = (name: string, fields: Fields) =>
  fields?.[name]?.length ? { "aria-invalid": "true" as const } : {};

/**
 * A group of radio buttons or checkboxes, each in its large label. The first one carries the field's
 * own id (the error summary links to it) and, for a required choice, `required`.
 */
export function Choices(props: {
  type: "radio" | "checkbox";
  name: string;
  options: Array<{ value: string; label: Child; checked: boolean }>;
  required?: boolean;
  fields?: Fields;
  /** Id of the first option (default `f-<name>`); the others add `-<value>`. */
  idPrefix?: string;
}) {
  const first = props.idPrefix ?? `f-${props.name}`;
  return (
    <>
      {props.options.map((o, i) => {
        const id = i === 0 ? first : `${first}-${o.value}`;
        return (
          <label class="choice" for={id}>
            <input
              type={props.type}
              id={id}
              name={props.name}
              value={o.value}
              checked={o.checked}
              required={props.required && i === 0}
              {...invalid(props.name, props.fields)}
            />
            <span>{o.label}</span>
          </label>
        );
      })}
    </>
  );
}

/** A labelled text (or date) input with its hint and its message. */
export function TextField(props: {
  name: string;
  label: string;
  hint?: string;
  value?: string;
  fields?: Fields;
  type?: "text" | "date";
  max?: string;
  autocomplete?: string;
  inputmode?: "numeric" | "text";
  maxlength?: number;
  class?: string;
}) {
  const hintId = props.hint ? `h-${props.name}` : undefined;
  return (
    <div class={props.class}>
      <label for={`f-${props.name}`}>
        {props.label}
        {props.hint && (
          <span class="hint" id={hintId}>
            {" "}
            {props.hint}
          </span>
        )}
      </label>
      <input
        type={props.type ?? "text"}
        id={`f-${props.name}`}
        name={props.name}
        value={props.value ?? ""}
        max={props.max}
        autocomplete={props.autocomplete ?? "off"}
        inputmode={props.inputmode}
        maxlength={props.maxlength ?? 300}
        spellcheck={false}
        {...describedBy(props.name, props.fields, hintId)}
        {...invalid(props.name, props.fields)}
      />
      <FieldError name={props.name} fields={props.fields} />
    </div>
  );
}
