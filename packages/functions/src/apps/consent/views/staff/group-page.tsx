import type { GroupDashboard } from "@soglasie/core/consent/dashboard";
import { ALTERNATIVE_KEYS, ALTERNATIVE_LABELS } from "@soglasie/core/consent/schemas";
import type { MessageView } from "@soglasie/core/messages/types";
import { CsrfField } from "../../../../http/layout.js";
import { StaffToolsScript } from "../../../assets/script-tag.js";
import { matchesQuery } from "../../search.js";
import {
  AdultConfirmationTable,
  ConsentedTable,
  RefusedTable,
  WaitingTable,
  WithdrawnTable,
} from "./group-tables.js";
import { CountsLegend, Notice, ProgressBar, StaffStyles } from "./progress.js";
import { SearchForm } from "./search-form.js";

function Downloads(props: { groupId: string; manage: boolean }) {
  const api = `/api/groups/${props.groupId}`;
  return (
    <div class="actions">
      {props.manage && (
        <>
          <a class="button secondary" href={`${api}/links.pdf`}>
            Листки со ссылками (PDF)
          </a>
          <a class="button secondary" href={`${api}/links.pdf?only=pending`}>
            Листки для не ответивших
          </a>
          <a class="button secondary" href={`${api}/links.csv`}>
            Ссылки (CSV)
          </a>
        </>
      )}
      <a class="button secondary" href={`${api}/consents.csv`}>
        Таблица решений (CSV для Excel)
      </a>
      <a class="button secondary" href={`${api}/documents.zip`}>
        Все подписанные документы (ZIP)
      </a>
    </div>
  );
}

function LinkActions(props: {
  groupId: string;
  code: string;
  csrf: string;
  done?: string;
  n?: number;
  canInvite: boolean;
}) {
  const gid = props.groupId;
  return (
    <section id="manage" aria-labelledby="manage-h">
      <h2 id="manage-h">Управление ссылками</h2>
      <Notice done={props.done} n={props.n} />
      {props.canInvite && (
        <form method="post" action={`/staff/consents/${gid}/invitations`} class="card">
          <CsrfField token={props.csrf} />
          <p>
            Отправить персональные ссылки родителям, у которых указан e-mail или телефон, и которые ещё не
            ответили и не получали приглашения. Не ответившим придут напоминания.
          </p>
          <button type="submit">Отправить приглашения</button>
        </form>
      )}
      <form method="post" action={`/staff/consents/${gid}/reissue`} class="card">
        <CsrfField token={props.csrf} />
        <p>
          Выдать новые ссылки всем, у кого ссылка истекла или аннулирована и решения ещё нет. Листки и CSV
          после этого содержат новые ссылки.
        </p>
        <button type="submit" class="secondary">
          Выдать новые ссылки не ответившим
        </button>
      </form>
      <form method="post" action={`/staff/consents/${gid}/revoke-unclaimed`} class="card danger-zone">
        <CsrfField token={props.csrf} />
        <p>
          Аннулировать невостребованные ссылки группы (п. 2.3 Положения): ссылки без ответа перестанут
          работать. Ссылки с принятым решением сохраняются.
        </p>
        <label class="choice" for="f-confirm">
          <input type="checkbox" id="f-confirm" name="confirm" value="on" required />
          <span>Да, аннулировать невостребованные ссылки группы {props.code}</span>
        </label>
        <button type="submit" class="danger">
          Аннулировать
        </button>
      </form>
    </section>
  );
}

export function GroupPage(props: {
  dashboard: GroupDashboard;
  teachers: string[];
  manage: boolean;
  csrf: string;
  links: Map<string, string | undefined>;
  /** Each student's latest invitation or reminder. */
  deliveries?: Map<string, MessageView>;
  /** A channel is configured: the invitation form is shown. */
  canInvite?: boolean;
  timeZone: string;
  done?: string;
  n?: number;
  highlight?: string;
  query?: string;
}) {
  // Messages appear where the action was: a row's new link in its row, the group's actions at their forms.
  const rowDone = props.done === "reissued" && props.highlight ? props.highlight : undefined;
  const groupDone = rowDone ? undefined : props.done;
  const { dashboard: d } = props;
  const gid = d.group.groupId;
  // The search narrows the lists; the progress above still counts the whole group.
  const rows = d.rows.filter((r) => matchesQuery(props.query, r.student.fullName, r.student.parentName));
  const waiting = rows.filter(
    (r) => r.status === "pending" || r.status === "expired" || r.status === "revoked",
  );
  const refused = rows.filter((r) => r.status === "refused");
  const consented = rows.filter((r) => r.status === "consented");
  const withdrawn = rows.filter((r) => r.status === "withdrawn");
  const adult = rows.filter((r) => r.needsAdultConfirmation);
  return (
    <>
      <StaffStyles />
      <p>
        <a href="/staff/consents">← Все группы</a>
      </p>
      <h1>Группа {d.group.code}</h1>
      <p class="muted">
        Классный руководитель: {props.teachers.length > 0 ? props.teachers.join(", ") : "не закреплён"}
      </p>
      {!props.manage && <Notice done={groupDone} n={props.n} />}
      <div class="card">
        <ProgressBar counts={d.counts} />
        <CountsLegend counts={d.counts} />
        <p>
          <a href={`/staff/consents/${gid}/chat`}>Чат родителей группы в «Сферуме»</a> — ссылка-приглашение
          для давших согласие
        </p>
      </div>
      <Downloads groupId={gid} manage={props.manage} />
      {d.rows.length > 1 && (
        <SearchForm
          action={`/staff/consents/${gid}`}
          label="Найти обучающегося или родителя по фамилии"
          query={props.query}
          found={`Найдено обучающихся: ${rows.length} из ${d.rows.length}.`}
        />
      )}

      {adult.length > 0 && (
        <>
          <h2>Нужно подтверждение совершеннолетнего ({adult.length})</h2>
          <p>
            Решение принял родитель, когда обучающийся был несовершеннолетним; теперь обучающемуся исполнилось
            18 лет, и решать должен он сам. Решение родителя и его документы сохраняются, пока обучающийся не
            ответит по своей ссылке.
          </p>
          <AdultConfirmationTable
            rows={adult}
            groupId={gid}
            manage={props.manage}
            csrf={props.csrf}
            links={props.links}
            timeZone={props.timeZone}
            issued={props.done === "student-link" ? props.highlight : undefined}
          />
        </>
      )}

      <h2>Ещё не ответили ({waiting.length})</h2>
      <WaitingTable
        rows={waiting}
        groupId={gid}
        manage={props.manage}
        csrf={props.csrf}
        links={props.links}
        deliveries={props.deliveries}
        timeZone={props.timeZone}
        highlight={props.highlight}
        reissued={rowDone}
        empty={<p>{props.query ? "Среди найденных таких нет." : "Ответили все родители группы."}</p>}
      />

      <h2>Отказались ({refused.length})</h2>
      {refused.length > 0 && (
        <>
          <p>Выбранные способы связи (п. 1.8 Положения):</p>
          <ul>
            {ALTERNATIVE_KEYS.map((k) => (
              <li>
                {ALTERNATIVE_LABELS[k]}: <strong>{d.alternatives[k]}</strong>
              </li>
            ))}
          </ul>
          <RefusedTable rows={refused} timeZone={props.timeZone} />
        </>
      )}

      <h2>Дали согласие ({consented.length})</h2>
      <ConsentedTable rows={consented} timeZone={props.timeZone} />

      {withdrawn.length > 0 && (
        <>
          <h2>Отозвали согласие на обработку персональных данных ({withdrawn.length})</h2>
          <p>
            Исключите обучающегося и родителя из сообщества колледжа и чатов на информационно-коммуникационной
            образовательной платформе (ИКОП) «Сферум» и уничтожьте их данные, обрабатываемые для «Сферума», до
            указанной даты (часть 5 статьи 21 Федерального закона № 152-ФЗ). Для связи используйте способы
            пункта 1.8 Положения.
          </p>
          <WithdrawnTable rows={withdrawn} timeZone={props.timeZone} />
        </>
      )}

      {props.manage && (
        <LinkActions
          groupId={gid}
          code={d.group.code}
          csrf={props.csrf}
          done={groupDone}
          n={props.n}
          canInvite={Boolean(props.canInvite)}
        />
      )}
      <StaffToolsScript />
    </>
  );
}
