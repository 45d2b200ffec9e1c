import type { GroupChat } from "@soglasie/core/chat/group-chat";
import { ruDate } from "@soglasie/core/clock";
import { CsrfField, DoneNotice, ErrorSummary, FieldError } from "../../../http/layout.js";
import { pageDateTime } from "../../../http/time.js";

const NOTICES: Record<string, string> = {
  saved: "Ссылка-приглашение сохранена. Её увидят родители, которые дали согласие.",
  revoked: "Аннулирование ссылки-приглашения отмечено.",
};

export interface ChatPageProps {
  csrf: string;
  groupId: string;
  groupCode: string;
  chat?: GroupChat;
  timeZone: string;
  today: string;
  isAdministrator: boolean;
  done?: string;
  url?: string;
  error?: string;
  fields?: Record<string, string[]>;
}

/** The group's chat invitation: the class teacher stores it (clause 2.5); the administrator revokes it (2.3). */
export function ChatPage(props: ChatPageProps) {
  const { chat } = props;
  return (
    <>
      <p>
        <a href={`/staff/consents/${props.groupId}`}>← Группа {props.groupCode}</a>
      </p>
      <h1>Чат родителей группы {props.groupCode}</h1>
      <DoneNotice text={props.done ? NOTICES[props.done] : undefined} />
      <div class="card">
        <p>
          Ссылку-приглашение в чат родителей группы в «Сферуме» (мессенджер MAX) увидят только родители,
          давшие согласие: на странице с их решением и в письме-подтверждении. Родителям, отказавшимся от
          «Сферума», показываются способы связи пункта 1.8 Положения и контакты классного руководителя.
        </p>
        {chat ? (
          <dl class="facts">
            <dt>Ссылка</dt>
            <dd>
              <code class="url">{chat.url}</code>
            </dd>
            <dt>Сохранена</dt>
            <dd>{pageDateTime(new Date(chat.setAt), props.timeZone)}</dd>
            <dt>Выдана родителям</dt>
            <dd>
              {chat.handedOutAt
                ? `впервые ${pageDateTime(new Date(chat.handedOutAt), props.timeZone)}`
                : "ещё никому не показана"}
            </dd>
            <dt>Аннулирована в «Сферуме»</dt>
            <dd>{chat.revokedOn ? ruDate(chat.revokedOn) : "нет"}</dd>
          </dl>
        ) : (
          <p>
            <strong>Ссылка ещё не сохранена.</strong> Согласившимся родителям сказано, что её пришлёт классный
            руководитель.
          </p>
        )}
      </div>
      <form method="post" action={`/staff/consents/${props.groupId}/chat#errors`} class="card" novalidate>
        <h2 style="margin-top:0">{chat ? "Заменить ссылку" : "Сохранить ссылку"}</h2>
        <ErrorSummary id="errors" message={props.error} fields={props.fields} />
        <CsrfField token={props.csrf} />
        <input type="hidden" name="version" value={String(chat?.version ?? 0)} />
        <label for="f-url">
          Ссылка-приглашение
          <span class="hint" id="h-url">
            {" "}
            из «Сферума» или MAX, например https://max.ru/join/…
          </span>
        </label>
        <input
          type="url"
          id="f-url"
          name="url"
          value={props.url ?? ""}
          maxlength={500}
          autocomplete="off"
          aria-describedby={props.fields?.url ? "h-url e-url" : "h-url"}
          aria-invalid={props.fields?.url ? "true" : undefined}
        />
        <FieldError name="url" fields={props.fields} />
        <p class="hint">
          Новая ссылка — новое приглашение: отметки о выдаче и аннулировании начнутся заново.
        </p>
        <button type="submit">Сохранить</button>
      </form>
      {props.isAdministrator && chat && !chat.revokedOn && (
        <RevokedForm
          csrf={props.csrf}
          groupId={props.groupId}
          chat={chat}
          today={props.today}
          fields={props.fields}
        />
      )}
    </>
  );
}

/** Clause 2.3: the administrator records the day the invitation was revoked in Sferum. */
export function RevokedForm(props: {
  csrf: string;
  groupId: string;
  chat: GroupChat;
  today: string;
  fields?: Record<string, string[]>;
  compact?: boolean;
  /** The page to return to: the campaign page, or the group's chat page by default. */
  from?: "campaign";
}) {
  const id = `f-revokedOn-${props.groupId}`;
  return (
    <form
      method="post"
      action={`/staff/consents/${props.groupId}/chat/revoked`}
      class={props.compact ? "inline" : "card"}
    >
      {!props.compact && <h2 style="margin-top:0">Ссылка аннулирована в «Сферуме»</h2>}
      {!props.compact && (
        <p>
          Пункт 2.3 Положения: администратор аннулирует невостребованные ссылки-приглашения. Отметьте день,
          когда ссылка была аннулирована в кабинете администратора «Сферума».
        </p>
      )}
      <CsrfField token={props.csrf} />
      <input type="hidden" name="version" value={String(props.chat.version)} />
      {props.from && <input type="hidden" name="from" value={props.from} />}
      <label for={id} class={props.compact ? "sr-only" : undefined}>
        Дата аннулирования
      </label>
      <input type="date" id={id} name="revokedOn" value={props.today} max={props.today} required />
      <FieldError name="revokedOn" fields={props.fields} />
      <button type="submit" class={props.compact ? "small" : undefined}>
        Отметить аннулирование
      </button>
    </form>
  );
}
