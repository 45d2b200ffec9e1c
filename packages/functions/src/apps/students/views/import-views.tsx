import type { ImportPreview, ImportResult, RowError } from "@soglasie/core/roster/import";
import { DataTable } from "../../../http/data-table.js";
import { CsrfField } from "../../../http/layout.js";

function RowsTable(props: { title: string; rows: RowError[]; hint?: string }) {
  if (props.rows.length === 0) return null;
  return (
    <div class="card">
      <h2 style="margin-top:0">{props.title}</h2>
      {props.hint && <p>{props.hint}</p>}
      <DataTable
        rows={props.rows}
        columns={[
          { header: "Строка", cellClass: "num", cell: (e) => e.row },
          { header: "Причина", cell: (e) => e.reason },
        ]}
      />
    </div>
  );
}

/** `up`: the relative way from the page to /staff/ ("../" or "../../"). */
function Absent(props: { rows: ImportPreview["absent"]; up: string }) {
  if (props.rows.length === 0) return null;
  return (
    <div class="card">
      <h2 style="margin-top:0">Нет в файле (возможно, выбыли)</h2>
      <p>
        Эти обучающиеся групп из файла в нём не названы. Загрузка их не меняет: выбытие оформляется на
        странице обучающегося в разделе «Движение обучающихся» с причиной и основанием.
      </p>
      <DataTable
        rows={props.rows}
        columns={[
          { header: "Группа", cell: (a) => a.group },
          {
            header: "Обучающийся",
            cell: (a) => <a href={`${props.up}students/${a.studentId}`}>{a.fullName}</a>,
          },
        ]}
      />
    </div>
  );
}

/** The confirmation step of a roster upload: what the file would change, and «Применить». */
export function ImportPreviewPage(props: {
  preview: ImportPreview;
  fileName: string;
  /** The uploaded file, carried to the confirmation (no script needed). */
  fileData: string;
  csrf: string;
}) {
  const p = props.preview;
  const applies = p.created.length + p.updated.length + p.transferred.length > 0;
  return (
    <>
      <h1>Проверка списка перед загрузкой</h1>
      <div class="notice" role="status">
        <p>
          <strong>Файл «{props.fileName}» ещё не загружен.</strong> Новых обучающихся: {p.created.length},
          изменятся: {p.updated.length}, переводов из других групп: {p.transferred.length}, без изменений:{" "}
          {p.unchanged}, неоднозначных строк: {p.ambiguous.length}, отклонённых строк: {p.rejected.length}.
          {p.groupsToCreate.length > 0 && ` Новые группы: ${p.groupsToCreate.join(", ")}.`}
        </p>
      </div>
      {p.transferred.length > 0 && (
        <div class="card">
          <h2 style="margin-top:0">Переводы</h2>
          <p>Решения родителей и документы перейдут вместе с обучающимися.</p>
          <DataTable
            rows={p.transferred}
            columns={[
              { header: "Строка", cellClass: "num", cell: (t) => t.row },
              { header: "Обучающийся", cell: (t) => t.student },
              { header: "Из группы", cell: (t) => t.from },
              { header: "В группу", cell: (t) => t.to },
            ]}
          />
        </div>
      )}
      {p.created.length > 0 && (
        <div class="card">
          <h2 style="margin-top:0">Новые обучающиеся</h2>
          <DataTable
            rows={p.created}
            columns={[
              { header: "Строка", cellClass: "num", cell: (r) => r.row },
              { header: "Обучающийся", cell: (r) => r.student },
              { header: "Группа", cell: (r) => r.group },
            ]}
          />
        </div>
      )}
      {p.updated.length > 0 && (
        <div class="card">
          <h2 style="margin-top:0">Изменятся данные</h2>
          <DataTable
            rows={p.updated}
            columns={[
              { header: "Строка", cellClass: "num", cell: (r) => r.row },
              { header: "Обучающийся", cell: (r) => r.student },
              { header: "Группа", cell: (r) => r.group },
            ]}
          />
        </div>
      )}
      <RowsTable
        title="Неоднозначные строки"
        rows={p.ambiguous}
        hint="Сервис не угадывает: эти строки не будут загружены. Добавьте дату рождения или код обучающегося и загрузите файл ещё раз."
      />
      <RowsTable title="Отклонённые строки" rows={p.rejected} hint="Эти строки не будут сохранены." />
      <Absent rows={p.absent} up="../" />
      {applies ? (
        <form method="post" action="import/confirm" class="card">
          <CsrfField token={props.csrf} />
          <input type="hidden" name="file" value={props.fileData} />
          <input type="hidden" name="fileName" value={props.fileName} />
          <p>
            <button type="submit">Применить изменения</button> <a href="../roster">Отменить</a>
          </p>
        </form>
      ) : (
        <p class="notice">
          Применять нечего. <a href="../roster">Вернуться к списку групп</a>
        </p>
      )}
    </>
  );
}

/** After the confirmed upload. */
export function ImportDonePage(props: { result: ImportResult }) {
  const r = props.result;
  return (
    <>
      <h1>Список загружен</h1>
      <div class={`notice${r.rejected.length + r.ambiguous.length === 0 ? " ok" : ""}`} role="status">
        <p>
          Добавлено обучающихся: {r.imported}, обновлено: {r.updated}, переведено: {r.transferred}, без
          изменений: {r.unchanged}, неоднозначных строк: {r.ambiguous.length}, отклонено строк:{" "}
          {r.rejected.length}.{r.groupsCreated.length > 0 && ` Новые группы: ${r.groupsCreated.join(", ")}.`}
        </p>
        {r.imported > 0 && <p>Каждому новому обучающемуся выдана личная ссылка для родителя.</p>}
      </div>
      <RowsTable title="Неоднозначные строки (не загружены)" rows={r.ambiguous} />
      <RowsTable title="Отклонённые строки (не сохранены)" rows={r.rejected} />
      <Absent rows={r.absent} up="../../" />
      <p>
        <a href="../../roster">К списку групп</a>
      </p>
    </>
  );
}
