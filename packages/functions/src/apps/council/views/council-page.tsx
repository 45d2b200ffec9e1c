import type { CouncilRules } from "@soglasie/core/council/rules";
import type { CouncilMeeting } from "@soglasie/core/council/types";
import { ValidationError } from "@soglasie/core/errors";
import type { Child } from "hono/jsx";
import { DoneNotice, ErrorSummary } from "../../../http/layout.js";
import { MeetingsTable } from "./meetings-table.js";
import { RulesForm, RulesText } from "./rules.js";

export function CouncilPage(props: {
  meetings: CouncilMeeting[];
  rules: CouncilRules;
  csrf: string;
  /** The secretary's forms (record a meeting); absent for those who only read. */
  recordForms?: Child;
  director: boolean;
  notice?: { text: string; warning: boolean };
  error?: Error;
  /** The secretary: meetings whose record may be annulled. */
  annullable?: Set<string>;
}) {
  const { error, rules } = props;
  const fields = error instanceof ValidationError ? error.fields : undefined;
  return (
    <>
      <h1>Педагогический совет: принятие Положения</h1>
      {props.notice?.warning ? (
        <div class="notice warn" role="status">
          {props.notice.text}
        </div>
      ) : (
        <DoneNotice text={props.notice?.text} />
      )}
      {error && <ErrorSummary message={error.message} fields={fields} />}
      {props.recordForms !== undefined ? (
        <>
          <h2>Записать решение совета</h2>
          <div class="card">
            <RulesText rules={rules} />
            {props.recordForms}
          </div>
        </>
      ) : (
        <RulesText rules={rules} />
      )}
      {props.director && <RulesForm csrf={props.csrf} rules={rules} />}
      <h2>Заседания</h2>
      <MeetingsTable
        meetings={props.meetings}
        annulCsrf={props.annullable ? props.csrf : undefined}
        annullable={props.annullable}
      />
    </>
  );
}
