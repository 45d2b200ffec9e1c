import { ruDate, ruDateTime } from "@soglasie/core/clock";
import type { CollegeOverview, ConsentRow, GroupDashboard } from "@soglasie/core/consent/dashboard";
import { ALTERNATIVE_KEYS, ALTERNATIVE_LABELS } from "@soglasie/core/consent/schemas";
import type { GroupCounts } from "@soglasie/core/consent/stats";
import { STATUS_LABELS } from "@soglasie/core/consent/types";
import { RELATIONS } from "@soglasie/core/documents/schemas";
import type { ImportResult } from "@soglasie/core/roster/import";
import { CsrfField, ErrorSummary } from "../../http/layout.js";

export const STAFF_CSS = `
.bar .v{background:#5f6368}
.legend{display:flex;flex-wrap:wrap;gap:.3rem 1.1rem;margin:.6rem 0 0;padding:0;list-style:none;font-size:.95rem}
.legend li::before{content:"";display:inline-block;width:.8rem;height:.8rem;border-radius:2px;margin-right:.35rem;vertical-align:-.05rem;background:var(--c)}
.num{text-align:right;font-variant-numeric:tabular-nums}
td .bar{min-width:6rem;margin-top:.35rem}
input.link{font:14px/1.3 ui-monospace,Consolas,monospace;min-height:40px;padding:.3rem .4rem}
form.inline{display:inline}
button.small{min-height:40px;padding:.4rem .8rem;font-size:.93rem}
.danger-zone{border:1px solid #b3261e}
`;

const SEGMENTS: Array<{ key: keyof GroupCounts; cls: string; color: string; label: string }> = [
  { key: "consented", cls: "c", color: "#137333", label: "Согласие" },
  { key: "refused", cls: "r", color: "#b3261e", label: "Отказ" },
  { key: "pending", cls: "p", color: "#f9ab00", label: "Ожидают ответа" },
  { key: "expired", cls: "x", color: "#757575", label: "Ссылка истекла" },
  { key: "revoked", cls: "v", color: "#5f6368", label: "Аннулирована" },
];

const pct = (n: number, total: number) => (total > 0 ? `${((n / total) * 100).toFixed(2)}%` : "0%");

export function ProgressBar(props: { counts: GroupCounts }) {
  const { counts } = props;
  const label = SEGMENTS.map((s) => `${s.label}: ${counts[s.key]}`).join(", ");
  return (
    <div class="bar" role="img" aria-label={`Всего ${counts.total}. ${label}`}>
      {SEGMENTS.filter((s) => counts[s.key] > 0).map((s) => (
        <span class={s.cls} style={`width:${pct(counts[s.key], counts.total)}`} />
      ))}
    </div>
  );
}

export function CountsLegend(props: { counts: GroupCounts }) {
  return (
    <ul class="legend">
      {SEGMENTS.map((s) => (
        <li style={`--c:${s.color}`}>
          {s.label}: <strong>{props.counts[s.key]}</strong>
        </li>
      ))}
      <li style="--c:transparent">
        Всего: <strong>{props.counts.total}</strong>
      </li>
    </ul>
  );
}

const NOTICES: Record<string, (n: number) => string> = {
  revoked: (n) =>
    n > 0 ? `Аннулировано невостребованных ссылок: ${n}.` : "Невостребованных действующих ссылок не было.",
  reissued: (n) =>
    n > 0
      ? `Выдано новых ссылок: ${n}. Прежние ссылки этих обучающихся больше не работают.`
      : "Ссылок для повторной выдачи не было.",
};

export function Notice(props: { done?: string; n?: number }) {
  const text = props.done ? NOTICES[props.done]?.(props.n ?? 0) : undefined;
  return text ? (
    <div class="notice ok" role="status">
      {text}
    </div>
  ) : null;
}

export function OverviewPage(props: {
  overview: CollegeOverview;
  admin: boolean;
  csrf: string;
  done?: string;
  n?: number;
  classTeacherWithoutGroups: boolean;
}) {
  const { overview } = props;
  return (
    <>
      <style dangerouslySetInnerHTML={{ __html: STAFF_CSS }} />
      <h1>Согласия родителей</h1>
      <Notice done={props.done} n={props.n} />
      {props.classTeacherWithoutGroups && (
        <p class="notice">
          За вами пока не закреплены группы. Группы закрепляются приказом директора о распределении классного
          руководства.
        </p>
      )}
      {overview.groups.length > 0 && (
        <div class="card">
          <h2 style="margin-top:0">{props.admin ? "Весь колледж" : "Мои группы"}</h2>
          <ProgressBar counts={overview.totals} />
          <CountsLegend counts={overview.totals} />
        </div>
      )}
      {overview.groups.length === 0 && !props.classTeacherWithoutGroups && (
        <p class="notice">
          Групп пока нет: загрузите список обучающихся в разделе{" "}
          <a href="/staff/roster">«Контингент и ссылки»</a>.
        </p>
      )}
      {overview.groups.length > 0 && (
        <div class="table-wrap">
          <table>
            <caption class="sr-only">Ход сбора согласий по группам</caption>
            <thead>
              <tr>
                <th scope="col">Группа</th>
                <th scope="col" class="num">
                  Всего
                </th>
                <th scope="col" class="num">
                  Согласие
                </th>
                <th scope="col" class="num">
                  Отказ
                </th>
                <th scope="col" class="num">
                  Ожидают
                </th>
                <th scope="col" class="num">
                  Истекли
                </th>
                <th scope="col" class="num">
                  Аннулир.
                </th>
              </tr>
            </thead>
            <tbody>
              {overview.groups.map(({ group, counts }) => (
                <tr>
                  <th scope="row">
                    <a href={`/staff/consents/${group.groupId}`}>{group.code}</a>
                    <ProgressBar counts={counts} />
                  </th>
                  <td class="num">{counts.total}</td>
                  <td class="num">{counts.consented}</td>
                  <td class="num">{counts.refused}</td>
                  <td class="num">{counts.pending}</td>
                  <td class="num">{counts.expired}</td>
                  <td class="num">{counts.revoked}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {props.admin && overview.groups.length > 0 && (
        <form method="post" action="/staff/consents/revoke-unclaimed" class="card danger-zone">
          <h2 style="margin-top:0">Аннулировать невостребованные ссылки во всём колледже</h2>
          <p>
            Пункт 2.3 Положения: ссылки, по которым родители ещё не ответили, перестанут работать во всех
            группах. Ссылки с принятым решением сохраняются. Новые ссылки можно выдать на странице группы.
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
      )}
    </>
  );
}

function DocumentLink(props: { row: ConsentRow }) {
  const d = props.row.request?.decision;
  if (!d) return null;
  return <a href={`/api/documents/${d.documentId}/pdf`}>№ {d.documentNumber}</a>;
}

function Signed(props: { row: ConsentRow; timeZone: string }) {
  const d = props.row.request?.decision;
  if (!d) return null;
  return (
    <>
      {d.parentName} <span class="hint">({RELATIONS[d.relation]})</span>
      <br />
      <span class="hint">{ruDateTime(new Date(d.decidedAt), props.timeZone)}</span>
    </>
  );
}

export function GroupPage(props: {
  dashboard: GroupDashboard;
  teachers: string[];
  manage: boolean;
  csrf: string;
  links: Map<string, string | undefined>;
  timeZone: string;
  done?: string;
  n?: number;
  highlight?: string;
}) {
  const { dashboard: d } = props;
  const gid = d.group.groupId;
  const waiting = d.rows.filter(
    (r) => r.status === "pending" || r.status === "expired" || r.status === "revoked",
  );
  const refused = d.rows.filter((r) => r.status === "refused");
  const consented = d.rows.filter((r) => r.status === "consented");
  return (
    <>
      <style dangerouslySetInnerHTML={{ __html: STAFF_CSS }} />
      <p>
        <a href="/staff/consents">← Все группы</a>
      </p>
      <h1>Группа {d.group.code}</h1>
      <p class="muted">
        Классный руководитель: {props.teachers.length > 0 ? props.teachers.join(", ") : "не закреплён"}
      </p>
      <Notice done={props.done} n={props.n} />
      <div class="card">
        <ProgressBar counts={d.counts} />
        <CountsLegend counts={d.counts} />
      </div>
      <div class="actions">
        {props.manage && (
          <>
            <a class="button secondary" href={`/api/groups/${gid}/links.pdf`}>
              Листки со ссылками (PDF)
            </a>
            <a class="button secondary" href={`/api/groups/${gid}/links.pdf?only=pending`}>
              Листки для не ответивших
            </a>
            <a class="button secondary" href={`/api/groups/${gid}/links.csv`}>
              Ссылки (CSV)
            </a>
          </>
        )}
        <a class="button secondary" href={`/api/groups/${gid}/consents.csv`}>
          Таблица решений (CSV для Excel)
        </a>
        <a class="button secondary" href={`/api/groups/${gid}/documents.zip`}>
          Все подписанные документы (ZIP)
        </a>
      </div>

      <h2>Ещё не ответили ({waiting.length})</h2>
      {waiting.length === 0 ? (
        <p>Ответили все родители группы.</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Обучающийся</th>
                <th scope="col">Родитель по списку</th>
                <th scope="col">Ссылка</th>
                {props.manage && <th scope="col">Действие</th>}
              </tr>
            </thead>
            <tbody>
              {waiting.map((r) => {
                const url = props.links.get(r.student.studentId);
                return (
                  <tr
                    id={`s-${r.student.studentId}`}
                    class={props.highlight === r.student.studentId ? "highlight" : undefined}
                  >
                    <th scope="row">{r.student.fullName}</th>
                    <td>
                      {r.student.parentName}
                      {r.student.phone && (
                        <>
                          <br />
                          <a href={`tel:${r.student.phone}`}>{r.student.phone}</a>
                        </>
                      )}
                    </td>
                    <td>
                      <span class="badge">{STATUS_LABELS[r.status]}</span>{" "}
                      {r.request && <span class="hint">до {ruDate(r.request.expiresOn)}</span>}
                      {url && props.manage && (
                        <>
                          <label class="sr-only" for={`l-${r.student.studentId}`}>
                            Ссылка для {r.student.fullName}
                          </label>
                          <input
                            class="link"
                            id={`l-${r.student.studentId}`}
                            type="text"
                            readonly
                            value={url}
                          />
                        </>
                      )}
                    </td>
                    {props.manage && (
                      <td>
                        <form method="post" action={`/staff/consents/${gid}/reissue`} class="inline">
                          <CsrfField token={props.csrf} />
                          <input type="hidden" name="studentId" value={r.student.studentId} />
                          <button type="submit" class="small secondary">
                            Выдать новую ссылку
                          </button>
                        </form>
                      </td>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}

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
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Обучающийся</th>
                  <th scope="col">Подписал(а)</th>
                  <th scope="col">Как связываться</th>
                  <th scope="col">Документ</th>
                </tr>
              </thead>
              <tbody>
                {refused.map((r) => (
                  <tr>
                    <th scope="row">{r.student.fullName}</th>
                    <td>
                      <Signed row={r} timeZone={props.timeZone} />
                    </td>
                    <td>
                      {r.request?.decision?.alternatives.length
                        ? r.request.decision.alternatives.map((a) => ALTERNATIVE_LABELS[a]).join("; ")
                        : "не выбрано"}
                    </td>
                    <td>
                      <DocumentLink row={r} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}

      <h2>Дали согласие ({consented.length})</h2>
      {consented.length > 0 && (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Обучающийся</th>
                <th scope="col">Подписал(а)</th>
                <th scope="col">Документ</th>
              </tr>
            </thead>
            <tbody>
              {consented.map((r) => (
                <tr>
                  <th scope="row">{r.student.fullName}</th>
                  <td>
                    <Signed row={r} timeZone={props.timeZone} />
                  </td>
                  <td>
                    <DocumentLink row={r} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {props.manage && (
        <>
          <h2>Управление ссылками</h2>
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
              <span>Да, аннулировать невостребованные ссылки группы {d.group.code}</span>
            </label>
            <button type="submit" class="danger">
              Аннулировать
            </button>
          </form>
        </>
      )}
    </>
  );
}

export interface RosterGroupRow {
  groupId: string;
  code: string;
  students: number;
  teachers: string[];
}

export function RosterPage(props: {
  groups: RosterGroupRow[];
  csrf: string;
  admin: boolean;
  result?: ImportResult;
  error?: string;
  fields?: Record<string, string[]>;
}) {
  const r = props.result;
  return (
    <>
      <style dangerouslySetInnerHTML={{ __html: STAFF_CSS }} />
      <h1>Контингент и ссылки</h1>
      {r && (
        <div class={`notice${r.rejected.length === 0 ? " ok" : ""}`} role="status">
          <p>
            <strong>Список загружен.</strong> Добавлено обучающихся: {r.imported}, обновлено: {r.updated}, без
            изменений: {r.unchanged}, отклонено строк: {r.rejected.length}.
            {r.groupsCreated.length > 0 && ` Новые группы: ${r.groupsCreated.join(", ")}.`}
          </p>
          {r.imported > 0 && <p>Каждому новому обучающемуся выдана личная ссылка для родителя.</p>}
        </div>
      )}
      {r && r.rejected.length > 0 && (
        <div class="card">
          <h2 style="margin-top:0">Отклонённые строки</h2>
          <p>
            Эти строки не сохранены. Исправьте их в файле и загрузите файл ещё раз: уже загруженные строки не
            задвоятся.
          </p>
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Строка</th>
                  <th scope="col">Причина</th>
                </tr>
              </thead>
              <tbody>
                {r.rejected.map((e) => (
                  <tr>
                    <td class="num">{e.row}</td>
                    <td>{e.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      )}
      <form method="post" action="/staff/roster/import" enctype="multipart/form-data" class="card">
        <h2 style="margin-top:0">Загрузить список обучающихся</h2>
        <ErrorSummary message={props.error} fields={props.fields} />
        <p>
          Файл CSV из Excel или другой таблицы: столбцы «Группа», «ФИО обучающегося», «ФИО родителя (законного
          представителя)», необязательно «Телефон» и «Email». Подходит кодировка UTF-8 и Windows-1251,
          разделитель «;» или «,». <a href="/staff/roster/template.csv">Образец файла</a>.
        </p>
        {!props.admin && <p class="hint">Классный руководитель загружает списки только своих групп.</p>}
        <CsrfField token={props.csrf} />
        <label for="f-file">Файл списка (CSV, до 5 МБ)</label>
        <input id="f-file" type="file" name="file" accept=".csv,text/csv,text/plain" required />
        <p>
          <button type="submit">Загрузить</button>
        </p>
      </form>
      <h2>Группы</h2>
      {props.groups.length === 0 ? (
        <p class="notice">Групп пока нет.</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Группа</th>
                <th scope="col" class="num">
                  Обучающихся
                </th>
                <th scope="col">Классный руководитель</th>
                <th scope="col">Ссылки для родителей</th>
              </tr>
            </thead>
            <tbody>
              {props.groups.map((g) => (
                <tr>
                  <th scope="row">
                    <a href={`/staff/consents/${g.groupId}`}>{g.code}</a>
                  </th>
                  <td class="num">{g.students}</td>
                  <td>{g.teachers.join(", ") || "не закреплён"}</td>
                  <td>
                    <a href={`/api/groups/${g.groupId}/links.pdf`}>листки (PDF)</a> ·{" "}
                    <a href={`/api/groups/${g.groupId}/links.csv`}>CSV</a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
