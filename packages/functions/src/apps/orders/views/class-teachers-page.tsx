import type { StaffMember } from "@soglasie/core/staff/staff-repository";
import { DataTable } from "../../../http/data-table.js";
import { CsrfField, ErrorSummary, FieldError } from "../../../http/layout.js";
import { type Failure, FormActions } from "./appoint-page.js";

export interface GroupRow {
  groupId: string;
  code: string;
  current: string;
}

function TeacherSelect(props: {
  group: GroupRow;
  teachers: StaffMember[];
  chosen?: string;
  errors?: string[];
}) {
  const g = props.group;
  return (
    <>
      <label for={`f-teacher-${g.groupId}`} class="sr-only">
        Классный руководитель группы {g.code}
      </label>
      <select id={`f-teacher-${g.groupId}`} name={`teacher.${g.groupId}`}>
        <option value="">— не менять —</option>
        {props.teachers.map((t) => (
          <option value={t.staffId} selected={props.chosen === t.staffId}>
            {t.fullName}
          </option>
        ))}
      </select>
      {props.errors && <p class="field-error">{props.errors.join("; ")}</p>}
    </>
  );
}

export function ClassTeachersPage(props: {
  groups: GroupRow[];
  teachers: StaffMember[];
  values: { academicYear: string; chosen: Record<string, string> };
  csrf: string;
  error?: Failure;
  /** Field errors keyed by groupId (translated from assignments.N.*). */
  rowErrors: Record<string, string[]>;
}) {
  const fields = props.error?.fields;
  return (
    <>
      <h1>Распределение классного руководства</h1>
      <p>
        Приказ закрепляет классных руководителей за учебными группами (пункт 2.3 Положения). После подписания
        классный руководитель получает доступ к своей группе, прежний — теряет.
      </p>
      <div class="card">
        <ErrorSummary message={props.error?.message} fields={fields} />
        {props.groups.length === 0 ? (
          <p class="notice">Групп пока нет: они появятся после импорта контингента.</p>
        ) : (
          <form method="post" action="/staff/orders/class-teachers">
            <CsrfField token={props.csrf} />
            <label for="f-academicYear">
              Учебный год <span class="hint">(например, 2026/2027; можно не указывать)</span>
            </label>
            <input
              id="f-academicYear"
              type="text"
              name="academicYear"
              inputmode="numeric"
              pattern="\d{4}/\d{4}"
              value={props.values.academicYear}
            />
            <FieldError name="academicYear" fields={fields} />
            <DataTable
              rows={props.groups}
              caption="Группы и классные руководители"
              columns={[
                { header: "Группа", cell: (g) => g.code },
                { header: "Сейчас", cell: (g) => g.current || "—" },
                {
                  header: "Классный руководитель по приказу",
                  cell: (g) => (
                    <TeacherSelect
                      group={g}
                      teachers={props.teachers}
                      chosen={props.values.chosen[g.groupId]}
                      errors={props.rowErrors[g.groupId]}
                    />
                  ),
                },
              ]}
            />
            <FieldError name="assignments" fields={fields} />
            <FormActions draft="/staff/orders/class-teachers/draft.pdf" />
          </form>
        )}
      </div>
    </>
  );
}
