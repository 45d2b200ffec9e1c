import type { CampaignSeries } from "@soglasie/core/campaign/answers";
import type { GroupChat } from "@soglasie/core/chat/group-chat";
import { ruDate } from "@soglasie/core/clock";
import type { GroupCounts } from "@soglasie/core/consent/stats";
import type { Group } from "@soglasie/core/roster/group-repository";
import { type Column, DataTable } from "../../../http/data-table.js";
import { DoneNotice } from "../../../http/layout.js";
import { pageDateTime } from "../../../http/time.js";
import { RevokedForm } from "../../group-chat/views/chat-page.js";
import { AnswersChart, AnswersTable } from "./answers-chart.js";

const CSS = `
.campaign{display:grid;gap:1rem;grid-template-columns:minmax(0,3fr) minmax(16rem,2fr);align-items:start}
@media (max-width:900px){.campaign{grid-template-columns:1fr}}
.chart{display:block;max-width:100%;height:auto;background:#fff}
.legend{display:flex;flex-wrap:wrap;gap:.3rem 1.1rem;margin:.6rem 0 0;padding:0;list-style:none;font-size:.95rem}
.legend li::before{content:"";display:inline-block;width:.8rem;height:.8rem;border-radius:2px;margin-right:.35rem;background:var(--c)}
.num{text-align:right;font-variant-numeric:tabular-nums}
form.inline{display:inline-flex;gap:.4rem;align-items:center;flex-wrap:wrap}
button.small{min-height:44px;padding:.5rem .8rem;font-size:.93rem}
`;

export interface ChatLine {
  group: Group;
  counts: GroupCounts;
  chat?: GroupChat;
  campaignOver: boolean;
  revocationDue: boolean;
}

export interface CampaignPageProps {
  csrf: string;
  groups: Group[];
  selected?: Group;
  series: CampaignSeries;
  chats: ChatLine[];
  timeZone: string;
  today: string;
  isAdministrator: boolean;
  done?: string;
}

function ChatsTable(props: CampaignPageProps) {
  const columns: Array<Column<ChatLine> | false> = [
    {
      header: "Группа",
      rowHeader: true,
      cell: (l) => <a href={`/staff/consents/${l.group.groupId}/chat`}>{l.group.code}</a>,
    },
    {
      header: "Ссылка-приглашение",
      cell: (l) => (l.chat ? `сохранена ${ruDate(l.chat.setAt.slice(0, 10))}` : "нет"),
    },
    {
      header: "Выдана родителям",
      cell: (l) =>
        l.chat?.handedOutAt ? `впервые ${pageDateTime(new Date(l.chat.handedOutAt), props.timeZone)}` : "—",
    },
    { header: "Сбор ответов", cell: (l) => (l.campaignOver ? "завершён" : `ожидают ${l.counts.pending}`) },
    {
      header: "Аннулирована в «Сферуме»",
      cell: (l) =>
        l.chat?.revokedOn ? (
          ruDate(l.chat.revokedOn)
        ) : l.chat && props.isAdministrator ? (
          <>
            {l.revocationDue && <strong class="due">Пора аннулировать. </strong>}
            <RevokedForm
              csrf={props.csrf}
              groupId={l.group.groupId}
              chat={l.chat}
              today={props.today}
              compact
              from="campaign"
            />
          </>
        ) : (
          "нет"
        ),
    },
  ];
  return <DataTable rows={props.chats} columns={columns} caption="Ссылки-приглашения в чаты групп" cards />;
}

/** The administrator's campaign view: answers per day with reminder waves, and the groups' chat invitations. */
export function CampaignPage(props: CampaignPageProps) {
  const scope = props.selected ? `группа ${props.selected.code}` : "весь колледж";
  const due = props.chats.filter((l) => l.revocationDue);
  return (
    <>
      <style>{CSS}</style>
      <h1>Ход кампании</h1>
      <DoneNotice
        text={props.done === "revoked" ? "Аннулирование ссылки-приглашения отмечено." : undefined}
      />
      {due.length > 0 && (
        <div class="notice" role="status" id="revocation-reminder">
          <strong>Сбор ответов завершён, а ссылки-приглашения не аннулированы:</strong>{" "}
          {due.map((l) => l.group.code).join(", ")}. Пункт 2.3 Положения: аннулируйте невостребованные
          ссылки-приглашения в кабинете администратора «Сферума» и отметьте это ниже.
        </div>
      )}
      <form method="get" action="/staff/campaign" class="card">
        <label for="f-group">Группа</label>
        <select id="f-group" name="group">
          <option value="">Весь колледж</option>
          {props.groups.map((g) => (
            <option value={g.groupId} selected={g.groupId === props.selected?.groupId}>
              {g.code}
            </option>
          ))}
        </select>{" "}
        <button type="submit">Показать</button>
      </form>
      <h2>Ответы по дням — {scope}</h2>
      <div class="campaign">
        <div class="card">
          <AnswersChart series={props.series} scope={scope} />
          <ul class="legend" aria-hidden="true">
            <li style="--c:#137333">согласие</li>
            <li style="--c:#b3261e">отказ</li>
            <li style="--c:#7b1fa2">отзыв согласия на обработку ПДн</li>
            <li style="--c:#1a73e8">Н — волна напоминаний</li>
          </ul>
        </div>
        <AnswersTable series={props.series} scope={scope} />
      </div>
      <h2 id="chats">Чаты родителей групп</h2>
      <p>
        Ссылку-приглашение сохраняет классный руководитель группы (пункт 2.5); её видят только родители,
        давшие согласие. Когда сбор ответов завершён, администратор аннулирует невостребованные приглашения
        (пункт 2.3).
      </p>
      <ChatsTable {...props} />
    </>
  );
}
