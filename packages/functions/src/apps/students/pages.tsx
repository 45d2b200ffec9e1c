import { DomainError, NotFoundError, ValidationError } from "@soglasie/core/errors";
import { GroupRepository } from "@soglasie/core/roster/group-repository";
import { importRosterCsv, previewRosterCsv } from "@soglasie/core/roster/import";
import { StudentRepository } from "@soglasie/core/roster/student-repository";
import { leaveStudent, returnStudent, transferStudent } from "@soglasie/core/students/movement";
import { leaveInputSchema, returnInputSchema, transferInputSchema } from "@soglasie/core/students/schemas";
import { parseInput } from "@soglasie/core/validation";
import { type Context, Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { requireRoles } from "../../http/auth.js";
import { formValue, parseFormBody, readForm } from "../../http/body.js";
import type { AppEnv, StaffEnv } from "../../http/env.js";
import { staffPage } from "../../http/nav.js";
import { pageAction, withNotice } from "../../http/page-action.js";
import { importScope, ROSTER_MANAGERS, staffActor } from "../consent/access.js";
import { MAX_ROSTER_UPLOAD } from "../consent/roster-file.js";
import { MOVEMENT_MANAGERS, STUDENT_READERS } from "./access.js";
import { ImportDonePage, ImportPreviewPage } from "./views/import-views.js";
import { type FormState, StudentPage, StudentsPage } from "./views/student-views.js";

/**
 * The administrator's pages of students' movement (clause 2.3) and the confirmation step of a roster
 * upload: /staff/students, /staff/students/{id} with transfer, leave and return forms;
 * POST /staff/roster/preview shows what a file would change, POST /staff/roster/import/confirm applies it.
 */

const NOTICES: Record<string, string> = {
  transferred: "Обучающийся переведён. Решение родителей и документы перешли вместе с ним.",
  left: "Выбытие оформлено. Обучающийся исключён из списков группы; документы сохранены.",
  returned:
    "Обучающийся возвращён в группу. Если ссылка была аннулирована, выдайте новую на странице группы.",
};

async function studentPage(
  c: Context<StaffEnv>,
  studentId: string,
  state?: FormState,
  status: ContentfulStatusCode = 200,
) {
  const services = c.get("services");
  const [student, groups] = await Promise.all([
    new StudentRepository(services).findById(studentId),
    new GroupRepository(services).list(),
  ]);
  if (!student) throw new NotFoundError("Обучающийся не найден");
  const user = c.get("user");
  return staffPage(
    c,
    student.fullName,
    <StudentPage
      student={student}
      groups={groups}
      csrf={user.csrfToken}
      manage={MOVEMENT_MANAGERS.some((r) => user.roles.includes(r))}
      done={NOTICES[c.req.query("done") ?? ""]}
      state={state}
    />,
    status,
  );
}

/** A movement form: validated at the edge, refused input and states shown next to the form. */
function movementRoute(
  form: NonNullable<FormState["form"]>,
  run: (c: Context<StaffEnv>, studentId: string, fields: Record<string, string>) => Promise<string>,
) {
  return async (c: Context<StaffEnv>) => {
    const studentId = c.req.param("studentId") ?? "";
    const body = await readForm(c);
    const fields = Object.fromEntries(Object.entries(body).map(([k, v]) => [k, formValue(v)]));
    return pageAction(
      c,
      async () => withNotice(`../${studentId}`, await run(c, studentId, fields)),
      (error, status) =>
        studentPage(
          c,
          studentId,
          { form, error: error.message, fields: error instanceof ValidationError ? error.fields : undefined },
          status,
        ),
    );
  };
}

/** The uploaded roster of a form: the bytes, or the message to show. */
async function uploadedFile(c: Context<StaffEnv>): Promise<{ bytes: Uint8Array; name: string } | string> {
  const file = (await parseFormBody(c)).file;
  if (!(file instanceof File) || file.size === 0) return "Выберите файл списка";
  if (file.size > MAX_ROSTER_UPLOAD) return "Файл больше 5 МБ: разделите его на части";
  return { bytes: new Uint8Array(await file.arrayBuffer()), name: file.name || "список.csv" };
}

function refusedFile(c: Context<StaffEnv>, message: string, status: ContentfulStatusCode = 400) {
  return staffPage(
    c,
    "Проверка списка",
    <>
      <h1>Проверка списка перед загрузкой</h1>
      <div class="error-summary" role="alert" tabindex={-1}>
        <strong>{message}</strong>
      </div>
      <p>
        <a href="../roster">Вернуться и выбрать другой файл</a>
      </p>
    </>,
    status,
  );
}

export const studentsPages = new Hono<AppEnv>()
  .get("/staff/students", requireRoles(...STUDENT_READERS), async (c) => {
    const services = c.get("services");
    const groups = await new GroupRepository(services).list();
    const group = groups.find((g) => g.groupId === c.req.query("group")) ?? groups[0];
    const students = group ? await new StudentRepository(services).listByGroup(group.groupId) : [];
    return staffPage(
      c,
      "Движение обучающихся",
      <StudentsPage groups={groups} group={group} students={students} />,
    );
  })

  .get("/staff/students/:studentId", requireRoles(...STUDENT_READERS), (c) =>
    studentPage(c, c.req.param("studentId")),
  )

  .post(
    "/staff/students/:studentId/transfer",
    requireRoles(...MOVEMENT_MANAGERS),
    movementRoute("transfer", async (c, studentId, fields) => {
      const input = parseInput(transferInputSchema, fields);
      await transferStudent(c.get("services"), { studentId, ...input }, staffActor(c));
      return "transferred";
    }),
  )

  .post(
    "/staff/students/:studentId/leave",
    requireRoles(...MOVEMENT_MANAGERS),
    movementRoute("leave", async (c, studentId, fields) => {
      const input = parseInput(leaveInputSchema, fields);
      await leaveStudent(c.get("services"), { studentId, ...input }, staffActor(c));
      return "left";
    }),
  )

  .post(
    "/staff/students/:studentId/return",
    requireRoles(...MOVEMENT_MANAGERS),
    movementRoute("return", async (c, studentId, fields) => {
      const input = parseInput(returnInputSchema, fields);
      await returnStudent(c.get("services"), { studentId, ...input }, staffActor(c));
      return "returned";
    }),
  )

  .post("/staff/roster/preview", requireRoles(...ROSTER_MANAGERS), async (c) => {
    const file = await uploadedFile(c);
    if (typeof file === "string") return refusedFile(c, file);
    try {
      const preview = await previewRosterCsv(c.get("services"), file.bytes, await importScope(c));
      return staffPage(
        c,
        "Проверка списка",
        <ImportPreviewPage
          preview={preview}
          fileName={file.name}
          fileData={Buffer.from(file.bytes).toString("base64")}
          csrf={c.get("user").csrfToken}
        />,
      );
    } catch (error) {
      if (error instanceof DomainError) return refusedFile(c, error.message);
      throw error;
    }
  })

  .post("/staff/roster/import/confirm", requireRoles(...ROSTER_MANAGERS), async (c) => {
    const data = formValue((await readForm(c)).file);
    const bytes = new Uint8Array(Buffer.from(data, "base64"));
    if (bytes.byteLength === 0) return refusedFile(c, "Файл не передан: выберите его ещё раз");
    if (bytes.byteLength > MAX_ROSTER_UPLOAD)
      return refusedFile(c, "Файл больше 5 МБ: разделите его на части");
    try {
      const result = await importRosterCsv(c.get("services"), bytes, staffActor(c), await importScope(c));
      return staffPage(c, "Список загружен", <ImportDonePage result={result} />);
    } catch (error) {
      if (error instanceof DomainError) return refusedFile(c, error.message);
      throw error;
    }
  });
