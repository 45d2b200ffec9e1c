import type { ImportResult } from "@soglasie/core/roster/import";
import { DataTable } from "../../../../http/data-table.js";
import { CsrfField, ErrorSummary } from "../../../../http/layout.js";
import { StaffStyles } from "./progress.js";

export interface RosterGroupRow {
  groupId: string;
  code: string;
  students: number;
  teachers: string[];
}

function ImportReport(props: { result: ImportResult }) {
  const r = props.result;
  return (
    <>
      <div class={`notice${r.rejected.length === 0 ? " ok" : ""}`} role="status">
        <p>
          <strong>Список загружен.</strong> Добавлено обучающихся: {r.imported}, обновлено: {r.updated}, без
          изменений: {r.unchanged}, отклонено строк: {r.rejected.length}.
          {r.groupsCreated.length > 0 && ` Новые группы: ${r.groupsCreated.join(", ")}.`}
        </p>
        {r.imported > 0 && <p>Каждому новому обучающемуся выдана личная ссылка для родителя.</p>}
      </div>
      {r.rejected.length > 0 && (
        <div class="card">
          <h2 style="margin-top:0">Отклонённые строки</h2>
          <p>
            Эти строки не сохранены. Исправьте их в файле и загрузите файл ещё раз: уже загруженные строки не
            задвоятся.
          </p>
          <DataTable
            rows={r.rejected}
            columns={[
              { header: "Строка", cellClass: "num", cell: (e) => e.row },
              { header: "Причина", cell: (e) => e.reason },
            ]}
          />
        </div>
      )}
    </>
  );
}

function UploadForm(props: {
  csrf: string;
  admin: boolean;
  error?: string;
  fields?: Record<string, string[]>;
}) {
  return (
    <form method="post" action="/staff/roster/preview" enctype="multipart/form-data" class="card">
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
        <button type="submit">Проверить файл</button>
      </p>
      <p class="hint">
        Сначала сервис покажет, что изменится (новые обучающиеся, переводы из других групп, неоднозначные
        строки), и только после подтверждения загрузит список.
      </p>
    </form>
  );
}

export function RosterPage(props: {
  groups: RosterGroupRow[];
  csrf: string;
  admin: boolean;
  result?: ImportResult;
  error?: string;
  fields?: Record<string, string[]>;
}) {
  return (
    <>
      <StaffStyles />
      <h1>Контингент и ссылки</h1>
      {props.result && <ImportReport result={props.result} />}
      <UploadForm csrf={props.csrf} admin={props.admin} error={props.error} fields={props.fields} />
      <h2>Группы</h2>
      <DataTable
        rows={props.groups}
        empty={<p class="notice">Групп пока нет.</p>}
        columns={[
          {
            header: "Группа",
            rowHeader: true,
            cell: (g) => <a href={`/staff/consents/${g.groupId}`}>{g.code}</a>,
          },
          { header: "Обучающихся", headerClass: "num", cellClass: "num", cell: (g) => g.students },
          { header: "Классный руководитель", cell: (g) => g.teachers.join(", ") || "не закреплён" },
          {
            header: "Ссылки для родителей",
            cell: (g) => (
              <>
                <a href={`/api/groups/${g.groupId}/links.pdf`}>листки (PDF)</a> ·{" "}
                <a href={`/api/groups/${g.groupId}/links.csv`}>CSV</a>
              </>
            ),
          },
        ]}
      />
    </>
  );
}
