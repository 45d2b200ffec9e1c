import { ruDate } from "@soglasie/core/clock";
import type { ApprovalPreview } from "@soglasie/core/regulation/approve";
import { CsrfField } from "../../../http/layout.js";

/**
 * Step 2 of the approval: the order as it will be signed (a PDF marked «ПРОЕКТ»), its dates, the
 * effective date still editable, then «Подписать и зарегистрировать». Signing is irreversible, so
 * nothing is registered before this page has been seen.
 */
export function ApprovalPreviewPage(props: {
  versionId: string;
  preview: ApprovalPreview;
  today: string;
  csrf: string;
}) {
  const { preview, versionId } = props;
  const base = `/staff/regulations/${versionId}`;
  const query = `effectiveDate=${encodeURIComponent(preview.effectiveDate)}`;
  return (
    <>
      <h1>Проект приказа об утверждении Положения (редакция № {preview.versionNo})</h1>
      <div class="notice">
        Это проект: приказ ещё не подписан и не зарегистрирован, номер ему будет присвоен при регистрации.
        Проверьте текст и даты, затем подпишите.
      </div>
      <dl class="summary">
        <dt>Дата приказа</dt>
        <dd>{ruDate(preview.date)} (приказ датируется днём подписания)</dd>
        <dt>Положение вводится в действие с</dt>
        <dd>{ruDate(preview.effectiveDate)}</dd>
        <dt>Номер</dt>
        <dd>будет присвоен при регистрации</dd>
      </dl>
      <p>
        <a class="button secondary" href={`${base}/approve/draft.pdf?${query}`}>
          Открыть проект приказа (PDF)
        </a>{" "}
        <a href={`${base}/draft.pdf`}>Текст Положения (проект, PDF)</a>
      </p>
      <form method="get" action={`${base}/approve`}>
        <label for="f-effectiveDate">Ввести в действие с</label>
        <input
          id="f-effectiveDate"
          type="date"
          name="effectiveDate"
          required
          min={props.today}
          value={preview.effectiveDate}
        />
        <button type="submit" class="secondary">
          Изменить дату и обновить проект
        </button>
      </form>
      <form method="post" action={`${base}/approve`}>
        <CsrfField token={props.csrf} />
        <input type="hidden" name="effectiveDate" value={preview.effectiveDate} />
        <p>
          <button type="submit">Подписать и зарегистрировать</button> <a href="/staff/regulations">Отмена</a>
        </p>
      </form>
    </>
  );
}
