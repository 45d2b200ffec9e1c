import { ruDate } from "@soglasie/core/clock";
import type { ConsentRow } from "@soglasie/core/consent/dashboard";
import { CsrfField } from "../../../../http/layout.js";
import { StaffStyles } from "./progress.js";

/**
 * «Выдать новую ссылку» for a student whose link still works: the new link replaces it at once,
 * so the slip already printed or sent to the parent stops working. The page says so and asks
 * before anything changes; «Отмена» goes back to the student's row.
 */
export function ReissueConfirmPage(props: { groupId: string; code: string; row: ConsentRow; csrf: string }) {
  const { student, request } = props.row;
  const back = `/staff/consents/${props.groupId}#s-${student.studentId}`;
  return (
    <>
      <StaffStyles />
      <h1>Выдать новую ссылку?</h1>
      <form method="post" action={`/staff/consents/${props.groupId}/reissue`} class="card">
        <p>
          Обучающийся: <strong>{student.fullName}</strong>, группа {props.code}.
          <br />
          Родитель по списку: {student.parentName}.
        </p>
        <div class="notice" role="note">
          <p style="margin-top:0">
            Сейчас у родителя есть действующая ссылка
            {request ? ` (до ${ruDate(request.expiresOn)} включительно)` : ""}.
          </p>
          <p style="margin-bottom:0">
            <strong>
              Новая ссылка сразу заменит прежнюю: напечатанный листок и уже отправленная ссылка перестанут
              работать.
            </strong>{" "}
            Выдавайте новую ссылку, только если прежняя потеряна или попала к постороннему человеку, и
            передайте родителю новую ссылку или новый листок.
          </p>
        </div>
        <CsrfField token={props.csrf} />
        <input type="hidden" name="studentId" value={student.studentId} />
        <input type="hidden" name="confirm" value="on" />
        <div class="confirm-actions">
          <button type="submit" class="danger">
            Выдать новую ссылку
          </button>
          <a class="button secondary" href={back}>
            Отмена
          </a>
        </div>
      </form>
    </>
  );
}
