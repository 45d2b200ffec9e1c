import { ValidationError } from "@soglasie/core/errors";
import type { AcknowledgmentStatus } from "@soglasie/core/regulation/acknowledgment";
import type { CurrentRegulation, RegulationVersion } from "@soglasie/core/regulation/types";
import type { Child } from "hono/jsx";
import type { SessionUser } from "../../../http/env.js";
import { DoneNotice, ErrorSummary } from "../../../http/layout.js";
import { CreateForms } from "./create-forms.js";
import { AcknowledgmentCard, CurrentCard } from "./status-cards.js";
import { type ApprovalForm, VersionsTable } from "./versions-table.js";

export function RegulationsPage(props: {
  user: SessionUser;
  versions: RegulationVersion[];
  current?: CurrentRegulation;
  /** The acknowledgment sheet's state, for those who oversee it. */
  status?: AcknowledgmentStatus;
  notice?: string;
  error?: Error;
  today: string;
  approval?: ApprovalForm;
  /** «Ознакомлен(а)» for the person, while they have not confirmed the version in force. */
  acknowledge?: Child;
}) {
  const { user, versions, error } = props;
  const awaiting = versions.filter((v) => v.state === "adopted");
  return (
    <>
      <h1>Положение об использовании ИКОП «Сферум»</h1>
      <DoneNotice text={props.notice} />
      {error && (
        <ErrorSummary
          message={error.message}
          fields={error instanceof ValidationError ? error.fields : undefined}
        />
      )}
      <CurrentCard current={props.current} />
      {props.acknowledge}
      {user.roles.includes("director") && awaiting.length > 0 && (
        <div class="notice">Ждут утверждения: {awaiting.map((v) => `редакция № ${v.no}`).join(", ")}.</div>
      )}
      <h2>Редакции</h2>
      <VersionsTable
        versions={versions}
        roles={user.roles}
        csrf={user.csrfToken}
        today={props.today}
        approval={props.approval}
      />
      {props.status && <AcknowledgmentCard status={props.status} />}
      {user.roles.includes("administrator") && <CreateForms csrf={user.csrfToken} />}
    </>
  );
}
