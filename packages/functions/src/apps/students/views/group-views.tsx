import type { Group } from "@soglasie/core/roster/group-repository";
import { DataTable } from "../../../http/data-table.js";
import { CsrfField, DoneNotice, ErrorSummary, FieldError } from "../../../http/layout.js";

/** A refused form of the groups pages: which form, its message and field errors, what was typed. */
export interface GroupFormState {
  /** The group whose rename form was refused. */
  groupId?: string;
  error?: string;
  fields?: Record<string, string[]>;
  values?: Record<string, string>;
}

function BasisField(props: { id: string; value?: string; fields?: Record<string, string[]> }) {
  return (
    <>
      <label for={`f-${props.id}`}>
        Основание <span class="hint">(например, «приказ № 1-к от 01.09.2027»; можно не указывать)</span>
      </label>
      <input id={`f-${props.id}`} type="text" name="basis" maxlength={200} value={props.value ?? ""} />
      <FieldError name="basis" fields={props.fields} />
    </>
  );
}

/** /staff/groups: the college's groups; the administrator renames one or promotes several at once. */
export function GroupsPage(props: {
  groups: Group[];
  manage: boolean;
  csrf: string;
  done?: string;
  state?: GroupFormState;
}) {
  const state = props.state;
  return (
    <>
      <h1>Учебные группы</h1>
      <p>
        Новый учебный год: группа получает новый код (например, «ТМ-21» → «ТМ-31»), а её обучающиеся, решения
        родителей, документы, счётчики и история остаются; классные руководители закреплены за группой до
        следующего приказа о распределении.
      </p>
      <DoneNotice text={props.done} />
      {props.manage && (
        <p>
          <a href="groups/promote">Перевод на следующий курс</a> — переименовать несколько групп сразу.
        </p>
      )}
      <DataTable
        rows={props.groups}
        empty={<p class="notice">Групп пока нет: они появятся после загрузки списка.</p>}
        columns={[
          {
            header: "Группа",
            rowHeader: true,
            cell: (g) => <a href={`students?group=${g.groupId}`}>{g.code}</a>,
          },
          {
            header: "Классные руководители",
            cell: (g) =>
              g.classTeacherIds.length ? `закреплено: ${g.classTeacherIds.length}` : "не назначены",
          },
          ...(props.manage
            ? [
                {
                  header: "Переименовать",
                  cell: (g: Group) => {
                    const mine = state?.groupId === g.groupId ? state : undefined;
                    return (
                      <form method="post" action={`groups/${g.groupId}/rename`} id={`rename-${g.groupId}`}>
                        <ErrorSummary message={mine?.error} />
                        <CsrfField token={props.csrf} />
                        <label for={`f-code-${g.groupId}`}>Новый код группы {g.code}</label>
                        <input
                          id={`f-code-${g.groupId}`}
                          type="text"
                          name="code"
                          maxlength={30}
                          required
                          value={mine?.values?.code ?? ""}
                          aria-describedby={mine?.fields?.code ? "e-code" : undefined}
                        />
                        <FieldError name="code" fields={mine?.fields} />
                        <BasisField
                          id={`basis-${g.groupId}`}
                          value={mine?.values?.basis}
                          fields={mine?.fields}
                        />
                        <button type="submit">Переименовать</button>
                      </form>
                    );
                  },
                },
              ]
            : []),
        ]}
      />
    </>
  );
}

/** One row of the promotion form: the group, whether it is promoted, its new code as typed. */
export interface PromotionRow {
  group: Group;
  selected: boolean;
  code: string;
}

export const codeField = (groupId: string) => `code_${groupId}`;

/** /staff/groups/promote: old → new codes (the course digit bumped), editable, then a check. */
export function PromotePage(props: {
  rows: PromotionRow[];
  csrf: string;
  basis?: string;
  state?: GroupFormState;
}) {
  const fields = props.state?.fields;
  const labels = new Map(
    props.rows.map((r) => [codeField(r.group.groupId), `Новый код группы ${r.group.code}`]),
  );
  return (
    <>
      <p>
        <a href="../groups">← Учебные группы</a>
      </p>
      <h1>Перевод на следующий курс</h1>
      <p>
        Новые коды предложены по первой цифре кода (номер курса увеличен на единицу). Исправьте их, где нужно,
        и снимите отметку с групп, которые не переводятся (например, выпускных). Переименования выполняются в
        таком порядке, чтобы каждый код освобождался до того, как его получит другая группа.
      </p>
      <form method="post" action="promote#errors" class="card">
        <ErrorSummary id="errors" message={props.state?.error} fields={fields} label={(f) => labels.get(f)} />
        <CsrfField token={props.csrf} />
        <input type="hidden" name="step" value="check" />
        <DataTable
          rows={props.rows}
          empty={<p class="notice">Групп пока нет.</p>}
          columns={[
            {
              header: "Переводится",
              cell: (r) => (
                <input
                  type="checkbox"
                  name="promote"
                  value={r.group.groupId}
                  checked={r.selected}
                  aria-label={`Перевести группу ${r.group.code}`}
                />
              ),
            },
            { header: "Сейчас", rowHeader: true, cell: (r) => r.group.code },
            {
              header: "Станет",
              cell: (r) => (
                <>
                  <label for={`f-${codeField(r.group.groupId)}`} class="sr-only">
                    Новый код группы {r.group.code}
                  </label>
                  <input
                    id={`f-${codeField(r.group.groupId)}`}
                    type="text"
                    name={codeField(r.group.groupId)}
                    maxlength={30}
                    value={r.code}
                  />
                  <FieldError name={codeField(r.group.groupId)} fields={fields} />
                </>
              ),
            },
          ]}
        />
        <BasisField id="promote-basis" value={props.basis} fields={fields} />
        <p>
          <button type="submit">Проверить</button>
        </p>
      </form>
    </>
  );
}

/** The checked promotion, in the order it will run, with the same fields to confirm it. */
export function PromoteConfirmPage(props: {
  steps: Array<{ from: string; to: string }>;
  hidden: Record<string, string | string[]>;
  csrf: string;
}) {
  return (
    <>
      <h1>Подтверждение перевода на следующий курс</h1>
      <p>Будут переименованы группы (в этом порядке):</p>
      <ol>
        {props.steps.map((s) => (
          <li>
            {s.from} → {s.to}
          </li>
        ))}
      </ol>
      <form method="post" action="promote" class="card">
        <CsrfField token={props.csrf} />
        {Object.entries(props.hidden).flatMap(([name, value]) =>
          (Array.isArray(value) ? value : [value]).map((v) => <input type="hidden" name={name} value={v} />),
        )}
        <input type="hidden" name="step" value="confirm" />
        <p>
          <button type="submit">Подтвердить перевод</button>
        </p>
      </form>
      <form method="post" action="promote" class="card">
        <CsrfField token={props.csrf} />
        {Object.entries(props.hidden).flatMap(([name, value]) =>
          (Array.isArray(value) ? value : [value]).map((v) => <input type="hidden" name={name} value={v} />),
        )}
        <input type="hidden" name="step" value="edit" />
        <p>
          <button type="submit">Вернуться и исправить</button>
        </p>
      </form>
    </>
  );
}
