import { DomainError, NotFoundError, ValidationError } from "@soglasie/core/errors";
import { GroupRepository } from "@soglasie/core/roster/group-repository";
import { importRosterCsv, previewRosterCsv } from "@soglasie/core/roster/import";
import { StudentRepository } from "@soglasie/core/roster/student-repository";
import {
  planPromotion,
  promotedCode,
  promoteGroups,
  type RenameStep,
  renameGroup,
} from "@soglasie/core/students/academic-year";
import { leaveStudent, returnStudent, transferStudent } from "@soglasie/core/students/movement";
import {
  leaveInputSchema,
  MAX_PROMOTION,
  promoteInputSchema,
  renameInputSchema,
  returnInputSchema,
  transferInputSchema,
} from "@soglasie/core/students/schemas";
import { parseInput } from "@soglasie/core/validation";
import { type Context, Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { requireRoles } from "../../http/auth.js";
import { formValue, parseFormBody, readForm } from "../../http/body.js";
import type { AppEnv, StaffEnv } from "../../http/env.js";
import { errorTitle } from "../../http/layout.js";
import { staffPage } from "../../http/nav.js";
import { inputOrState, pageAction, withNotice } from "../../http/page-action.js";
import { importScope, ROSTER_MANAGERS, staffActor } from "../consent/access.js";
import { MAX_ROSTER_UPLOAD } from "../consent/roster-file.js";
import { MOVEMENT_MANAGERS, STUDENT_READERS } from "./access.js";
import {
  codeField,
  type GroupFormState,
  GroupsPage,
  PromoteConfirmPage,
  PromotePage,
  type PromotionRow,
} from "./views/group-views.js";
import { ImportDonePage, ImportPreviewPage } from "./views/import-views.js";
import { type FormState, StudentPage, StudentsPage } from "./views/student-views.js";

/**
 * The administrator's pages of students' movement (clause 2.3) and the confirmation step of a roster
 * upload: /staff/students, /staff/students/{id} with transfer, leave and return forms;
 * POST /staff/roster/preview shows what a file would change, POST /staff/roster/import/confirm applies it;
 * /staff/groups (a new academic year): rename a group, or promote several at once after a check.
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

const GROUP_NOTICES: Record<string, string> = {
  renamed: "Группа переименована. Обучающиеся, решения, документы и классные руководители остались с ней.",
  promoted: "Перевод на следующий курс выполнен: группы переименованы, их история сохранена.",
};

async function groupsPage(c: Context<StaffEnv>, state?: GroupFormState, status: ContentfulStatusCode = 200) {
  const user = c.get("user");
  return staffPage(
    c,
    errorTitle("Учебные группы", Boolean(state)),
    <GroupsPage
      groups={await new GroupRepository(c.get("services")).list()}
      manage={MOVEMENT_MANAGERS.some((r) => user.roles.includes(r))}
      csrf={user.csrfToken}
      done={GROUP_NOTICES[c.req.query("done") ?? ""]}
      state={state}
    />,
    status,
  );
}

/** The promotion form's fields: the ticked groups, each one's typed code, the basis. */
function promotionFields(body: Record<string, string | string[]>) {
  const raw = body.promote;
  const ticked = (Array.isArray(raw) ? raw : raw ? [raw] : []).slice(0, MAX_PROMOTION);
  return {
    ticked,
    code: (groupId: string) => formValue(body[codeField(groupId)]),
    basis: formValue(body.basis),
  };
}

async function promotePage(
  c: Context<StaffEnv>,
  typed?: ReturnType<typeof promotionFields>,
  state?: GroupFormState,
  status: ContentfulStatusCode = 200,
) {
  const groups = await new GroupRepository(c.get("services")).list();
  const rows: PromotionRow[] = groups.map((group) => {
    const suggested = promotedCode(group.code);
    return typed
      ? { group, selected: typed.ticked.includes(group.groupId), code: typed.code(group.groupId) }
      : { group, selected: suggested !== undefined, code: suggested ?? group.code };
  });
  return staffPage(
    c,
    errorTitle("Перевод на следующий курс", Boolean(state)),
    <PromotePage rows={rows} csrf={c.get("user").csrfToken} basis={typed?.basis} state={state} />,
    status,
  );
}

/** `renames.{i}.code` (the API's paths) → the form's field of the i-th ticked group. */
function promotionErrors(fields: Record<string, string[]>, ticked: string[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [path, messages] of Object.entries(fields)) {
    const m = /^renames\.(\d+)\.(\w+)$/.exec(path);
    const groupId = m ? ticked[Number(m[1])] : undefined;
    const key = groupId ? codeField(groupId) : path === "renames" ? "promote" : path;
    out[key] = [...(out[key] ?? []), ...messages];
  }
  return out;
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
  .get("/staff/groups", requireRoles(...STUDENT_READERS), (c) => groupsPage(c))

  .post("/staff/groups/:groupId/rename", requireRoles(...MOVEMENT_MANAGERS), async (c) => {
    const groupId = c.req.param("groupId");
    const body = await readForm(c);
    const values = { code: formValue(body.code), basis: formValue(body.basis) };
    return pageAction(
      c,
      async () => {
        const input = parseInput(renameInputSchema, values);
        await renameGroup(c.get("services"), groupId, input.code, staffActor(c), input.basis);
        return withNotice("../../groups", "renamed");
      },
      (error, status) =>
        groupsPage(
          c,
          {
            groupId,
            error: error.message,
            fields: error instanceof ValidationError ? error.fields : undefined,
            values,
          },
          status,
        ),
      (error) => inputOrState(error) ?? (error instanceof NotFoundError ? 404 : undefined),
    );
  })

  .get("/staff/groups/promote", requireRoles(...MOVEMENT_MANAGERS), (c) => promotePage(c))

  .post("/staff/groups/promote", requireRoles(...MOVEMENT_MANAGERS), async (c) => {
    const body = await readForm(c);
    const typed = promotionFields(body);
    const step = formValue(body.step);
    if (step === "edit") return promotePage(c, typed);
    const services = c.get("services");
    return pageAction(
      c,
      async () => {
        const input = parseInput(promoteInputSchema, {
          renames: typed.ticked.map((groupId) => ({ groupId, code: typed.code(groupId) })),
          basis: typed.basis,
        });
        const steps: RenameStep[] = input.renames.map((r) => ({ groupId: r.groupId, to: r.code }));
        if (step !== "confirm") {
          const ordered = await planPromotion(services, steps);
          const hidden: Record<string, string | string[]> = { promote: typed.ticked, basis: typed.basis };
          for (const id of typed.ticked) hidden[codeField(id)] = typed.code(id);
          return staffPage(
            c,
            "Подтверждение перевода",
            <PromoteConfirmPage
              steps={ordered.map((p) => ({ from: p.group.code, to: p.to }))}
              hidden={hidden}
              csrf={c.get("user").csrfToken}
            />,
          );
        }
        await promoteGroups(services, steps, staffActor(c), input.basis);
        return withNotice("../groups", "promoted");
      },
      (error, status) =>
        promotePage(
          c,
          typed,
          {
            error: error.message,
            fields:
              error instanceof ValidationError ? promotionErrors(error.fields, typed.ticked) : undefined,
          },
          status,
        ),
    );
  })

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
