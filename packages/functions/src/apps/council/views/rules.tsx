import { type CouncilRules, describeThreshold } from "@soglasie/core/council/rules";
import { CsrfField } from "../../../http/layout.js";

export function RulesText(props: { rules: CouncilRules }) {
  const { rules } = props;
  return (
    <p class="muted">
      Правила: кворум — присутствуют {describeThreshold(rules.quorum)} членов совета; решение принято, если
      «за» проголосовали {describeThreshold(rules.majority)}{" "}
      {rules.majority.base === "members" ? "членов совета" : "присутствующих"}.
    </p>
  );
}

type Threshold = { numerator: number; denominator: number; strict: boolean };

function ThresholdFields(props: { prefix: string; threshold: Threshold }) {
  const { prefix, threshold: t } = props;
  return (
    <>
      <label class="choice">
        <input type="checkbox" name={`${prefix}Strict`} checked={t.strict} /> строго больше («более»), иначе
        «не менее»
      </label>
      <label for={`f-${prefix}Numerator`}>Доля: числитель и знаменатель</label>
      <input
        id={`f-${prefix}Numerator`}
        type="number"
        name={`${prefix}Numerator`}
        min={1}
        max={100}
        value={String(t.numerator)}
      />
      <input
        aria-label="знаменатель"
        type="number"
        name={`${prefix}Denominator`}
        min={1}
        max={100}
        value={String(t.denominator)}
      />
    </>
  );
}

/** The director sets the organisation's rules (its charter may require more than the defaults). */
export function RulesForm(props: { csrf: string; rules: CouncilRules }) {
  const { quorum, majority } = props.rules;
  return (
    <details>
      <summary>Изменить правила кворума и большинства</summary>
      <form method="post" action="/staff/council/rules">
        <CsrfField token={props.csrf} />
        <fieldset>
          <legend>Кворум (от числа членов совета)</legend>
          <ThresholdFields prefix="quorum" threshold={quorum} />
        </fieldset>
        <fieldset>
          <legend>Большинство голосов «за»</legend>
          <ThresholdFields prefix="majority" threshold={majority} />
          <label for="f-majorityBase">От числа</label>
          <select id="f-majorityBase" name="majorityBase">
            <option value="present" selected={majority.base === "present"}>
              присутствующих
            </option>
            <option value="members" selected={majority.base === "members"}>
              всех членов совета
            </option>
          </select>
        </fieldset>
        <button type="submit">Сохранить правила</button>
      </form>
    </details>
  );
}
