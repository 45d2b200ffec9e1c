import type { CollegeOverview } from "@soglasie/core/consent/dashboard";
import type { GroupCounts } from "@soglasie/core/consent/stats";
import { type Column, DataTable } from "../../../../http/data-table.js";
import { CsrfField } from "../../../../http/layout.js";
import { matchesQuery } from "../../search.js";
import { CountsLegend, Notice, ProgressBar, StaffStyles } from "./progress.js";
import { SearchForm } from "./search-form.js";

type GroupLine = CollegeOverview["groups"][number];

const count = (header: string, key: keyof GroupCounts): Column<GroupLine> => ({
  header,
  headerClass: "num",
  cellClass: "num",
  cell: ({ counts }) => counts[key],
});

function GroupsTable(props: { groups: GroupLine[] }) {
  return (
    <DataTable
      rows={props.groups}
      caption="Ход сбора согласий по группам"
      columns={[
        {
          header: "Группа",
          rowHeader: true,
          cell: ({ group, counts }) => (
            <>
              <a href={`/staff/consents/${group.groupId}`}>{group.code}</a>
              <ProgressBar counts={counts} />
            </>
          ),
        },
        count("Всего", "total"),
        count("Согласие", "consented"),
        count("Отказ", "refused"),
        count("Отозвали", "withdrawn"),
        count("Ожидают", "pending"),
        count("Истекли", "expired"),
        count("Аннулир.", "revoked"),
        {
          header: "Нужно подтв. совершеннолетнего",
          headerClass: "num",
          cellClass: "num",
          cell: ({ adultConfirmation }) => adultConfirmation,
        },
      ]}
    />
  );
}

/** Clause 2.3 for the whole college: irreversible, so it asks for a checked confirmation. */
function RevokeAllForm(props: { csrf: string; done?: string; n?: number }) {
  return (
    <form method="post" action="/staff/consents/revoke-unclaimed" class="card danger-zone" id="revoke-all">
      <h2 style="margin-top:0">Аннулировать невостребованные ссылки во всём колледже</h2>
      <Notice done={props.done} n={props.n} />
      <p>
        Пункт 2.3 Положения: ссылки, по которым родители ещё не ответили, перестанут работать во всех группах.
        Ссылки с принятым решением сохраняются. Новые ссылки можно выдать на странице группы.
      </p>
      <CsrfField token={props.csrf} />
      <label class="choice" for="f-confirm-all">
        <input type="checkbox" id="f-confirm-all" name="confirm" value="on" required />
        <span>Да, аннулировать невостребованные ссылки во всех группах</span>
      </label>
      <button type="submit" class="danger">
        Аннулировать
      </button>
    </form>
  );
}

export function OverviewPage(props: {
  overview: CollegeOverview;
  admin: boolean;
  /** The director and the administrator see every group; a class teacher only their own. */
  seesAll: boolean;
  csrf: string;
  done?: string;
  n?: number;
  classTeacherWithoutGroups: boolean;
  query?: string;
}) {
  const { overview } = props;
  const shown = overview.groups.filter((g) => matchesQuery(props.query, g.group.code));
  const hasGroups = overview.groups.length > 0;
  // The college-wide revocation reports at its own form (the page opens there), otherwise at the top.
  const showsRevokeAll = props.admin && hasGroups;
  return (
    <>
      <StaffStyles />
      <h1>Согласия родителей</h1>
      {!showsRevokeAll && <Notice done={props.done} n={props.n} />}
      {props.classTeacherWithoutGroups && (
        <p class="notice">
          За вами пока не закреплены группы. Группы закрепляются приказом директора о распределении классного
          руководства.
        </p>
      )}
      {hasGroups && (
        <div class="card">
          <h2 style="margin-top:0">{props.seesAll ? "Все группы колледжа" : "Мои группы"}</h2>
          <ProgressBar counts={overview.totals} />
          <CountsLegend counts={overview.totals} />
          {overview.adultConfirmation > 0 && (
            <p>
              Нужно подтверждение совершеннолетнего: <strong>{overview.adultConfirmation}</strong> — решение
              принял родитель, а обучающемуся уже исполнилось 18 лет; выдайте обучающемуся личную ссылку на
              странице группы.
            </p>
          )}
        </div>
      )}
      {!hasGroups && !props.classTeacherWithoutGroups && (
        <p class="notice">
          Групп пока нет: загрузите список обучающихся в разделе{" "}
          <a href="/staff/roster">«Контингент и ссылки»</a>.
        </p>
      )}
      {overview.groups.length > 1 && (
        <SearchForm
          action="/staff/consents"
          label="Найти группу по названию"
          query={props.query}
          found={`Найдено групп: ${shown.length} из ${overview.groups.length}.`}
        />
      )}
      <GroupsTable groups={shown} />
      {showsRevokeAll && <RevokeAllForm csrf={props.csrf} done={props.done} n={props.n} />}
    </>
  );
}
