import { ruDate } from "@soglasie/core/clock";
import type { Group } from "@soglasie/core/roster/group-repository";
import { LEAVE_LABELS, type LeaveKind, type Student } from "@soglasie/core/roster/student-repository";
import { DataTable } from "../../../http/data-table.js";
import { CsrfField, DoneNotice, ErrorSummary, FieldError } from "../../../http/layout.js";

export interface FormState {
  form?: "transfer" | "leave" | "return";
  error?: string;
  fields?: Record<string, string[]>;
}

const LEAVE_OPTIONS: Array<[LeaveKind, string]> = [
  ["expelled", "Отчисление"],
  ["graduated", "Выпуск (окончание обучения)"],
  ["academic_leave", "Академический отпуск"],
];

export const statusText = (s: Pick<Student, "enrolment">) =>
  s.enrolment ? `выбыл(а): ${LEAVE_LABELS[s.enrolment.status]} с ${ruDate(s.enrolment.since)}` : "обучается";

/** /staff/students: a group's students, those who left included (they are out of every other list). */
export function StudentsPage(props: { groups: Group[]; group?: Group; students: Student[] }) {
  return (
    <>
      <h1>Движение обучающихся</h1>
      <p>
        Переводы между группами, отчисление, выпуск, академический отпуск и возвращение (пункт 2.3 Положения).
        Решение родителей, подписанные документы и история переходят вместе с обучающимся.
      </p>
      <form method="get" action="students" class="card">
        <label for="f-group">Группа</label>
        <select id="f-group" name="group">
          {props.groups.map((g) => (
            <option value={g.groupId} selected={g.groupId === props.group?.groupId}>
              {g.code}
            </option>
          ))}
        </select>
        <p>
          <button type="submit">Показать</button>
        </p>
      </form>
      {props.group && (
        <>
          <h2>Группа {props.group.code}</h2>
          <DataTable
            rows={props.students}
            empty={<p class="notice">В группе нет обучающихся.</p>}
            columns={[
              {
                header: "Обучающийся",
                rowHeader: true,
                cell: (s) => <a href={`students/${s.studentId}`}>{s.fullName}</a>,
              },
              { header: "Дата рождения", cell: (s) => (s.birthDate ? ruDate(s.birthDate) : "не указана") },
              { header: "Состояние", cell: (s) => statusText(s) },
            ]}
          />
        </>
      )}
    </>
  );
}

function BasisField(props: { id: string; fields?: Record<string, string[]> }) {
  return (
    <>
      <label for={`f-${props.id}`}>
        Основание <span class="hint">(например, «приказ № 45-к от 01.09.2026»; можно не указывать)</span>
      </label>
      <input id={`f-${props.id}`} type="text" name="basis" maxlength={200} />
      <FieldError name="basis" fields={props.fields} />
    </>
  );
}

/** /staff/students/{id}: the student, the movement history and the administrator's forms. */
export function StudentPage(props: {
  student: Student;
  groups: Group[];
  csrf: string;
  manage: boolean;
  done?: string;
  state?: FormState;
}) {
  const { student } = props;
  const code = (id?: string) => props.groups.find((g) => g.groupId === id)?.code ?? "—";
  const others = props.groups.filter((g) => g.groupId !== student.groupId);
  const errorOf = (form: FormState["form"]) =>
    props.state && props.state.form === form
      ? { message: props.state.error, fields: props.state.fields }
      : {};
  return (
    <>
      <p>
        <a href={`../students?group=${student.groupId}`}>← Группа {code(student.groupId)}</a>
      </p>
      <h1>{student.fullName}</h1>
      <DoneNotice text={props.done} />
      <div class="card">
        <dl>
          <dt>Группа</dt>
          <dd>{code(student.groupId)}</dd>
          <dt>Дата рождения</dt>
          <dd>{student.birthDate ? ruDate(student.birthDate) : "не указана"}</dd>
          <dt>Состояние</dt>
          <dd>
            {statusText(student)}
            {student.enrolment?.basis ? ` (${student.enrolment.basis})` : ""}
          </dd>
          <dt>Код обучающегося</dt>
          <dd>
            <code>{student.studentId}</code>
          </dd>
        </dl>
      </div>
      <h2>История движения</h2>
      <DataTable
        rows={[...(student.movements ?? [])].reverse()}
        empty={<p class="notice">Переводов и выбытий не было.</p>}
        columns={[
          { header: "Дата", cell: (m) => ruDate(m.at) },
          {
            header: "Событие",
            cell: (m) =>
              m.kind === "transfer"
                ? `Перевод из группы ${code(m.fromGroupId)} в группу ${code(m.toGroupId)}`
                : m.kind === "leave"
                  ? `Выбытие: ${m.leave ? LEAVE_LABELS[m.leave] : ""}`
                  : `Возвращение в группу ${code(m.toGroupId)}`,
          },
          { header: "Основание", cell: (m) => m.basis ?? "—" },
        ]}
      />
      {props.manage && !student.enrolment && (
        <>
          <form method="post" action={`${student.studentId}/transfer`} class="card">
            <h2 style="margin-top:0">Перевести в другую группу</h2>
            <ErrorSummary {...errorOf("transfer")} />
            <CsrfField token={props.csrf} />
            <label for="f-toGroupId">Новая группа</label>
            <select id="f-toGroupId" name="toGroupId" required>
              {others.map((g) => (
                <option value={g.groupId}>{g.code}</option>
              ))}
            </select>
            <FieldError name="toGroupId" fields={errorOf("transfer").fields} />
            <BasisField id="transfer-basis" fields={errorOf("transfer").fields} />
            <p>
              <button type="submit">Перевести</button>
            </p>
          </form>
          <form method="post" action={`${student.studentId}/leave`} class="card">
            <h2 style="margin-top:0">Выбытие</h2>
            <p class="hint">
              Обучающийся исчезнет из списков и счётчиков группы; неиспользованная ссылка аннулируется;
              решение и документы сохраняются.
            </p>
            <ErrorSummary {...errorOf("leave")} />
            <CsrfField token={props.csrf} />
            <fieldset>
              <legend>Причина</legend>
              {LEAVE_OPTIONS.map(([value, label]) => (
                <label>
                  <input type="radio" name="kind" value={value} required /> {label}
                </label>
              ))}
            </fieldset>
            <FieldError name="kind" fields={errorOf("leave").fields} />
            <BasisField id="leave-basis" fields={errorOf("leave").fields} />
            <p>
              <button type="submit">Оформить выбытие</button>
            </p>
          </form>
        </>
      )}
      {props.manage && student.enrolment && (
        <form method="post" action={`${student.studentId}/return`} class="card">
          <h2 style="margin-top:0">Возвращение</h2>
          <ErrorSummary {...errorOf("return")} />
          <CsrfField token={props.csrf} />
          <label for="f-return-group">Группа</label>
          <select id="f-return-group" name="toGroupId">
            {props.groups.map((g) => (
              <option value={g.groupId} selected={g.groupId === student.groupId}>
                {g.code}
              </option>
            ))}
          </select>
          <BasisField id="return-basis" fields={errorOf("return").fields} />
          <p>
            <button type="submit">Вернуть в группу</button>
          </p>
        </form>
      )}
    </>
  );
}
