import { NotFoundError } from "@soglasie/core/errors";
import { GroupRepository } from "@soglasie/core/roster/group-repository";
import { previewRosterCsv } from "@soglasie/core/roster/import";
import { StudentRepository } from "@soglasie/core/roster/student-repository";
import { promoteGroups, renameGroup } from "@soglasie/core/students/academic-year";
import { leaveStudent, returnStudent, transferStudent } from "@soglasie/core/students/movement";
import {
  leaveInputSchema,
  promoteInputSchema,
  renameInputSchema,
  returnInputSchema,
  transferInputSchema,
} from "@soglasie/core/students/schemas";
import { type Context, Hono } from "hono";
import { requireRoles } from "../../http/auth.js";
import { jsonBody } from "../../http/body.js";
import type { AppEnv, StaffEnv } from "../../http/env.js";
import { importScope, ROSTER_MANAGERS, staffActor } from "../consent/access.js";
import { readCsvBody } from "../consent/roster-file.js";
import { MOVEMENT_MANAGERS, STUDENT_READERS } from "./access.js";
import { previewJson, studentJson } from "./json.js";

/**
 * Students' records and movement (clause 2.3), JSON API:
 *   GET  /api/students?group=ID                    the group's students, with those who left
 *   GET  /api/students/:studentId                  one student, wherever they study, with the movement
 *   POST /api/students/:studentId/transfer         {toGroupId, basis?} → moved with decision and documents
 *   POST /api/students/:studentId/leave            {kind: expelled|graduated|academic_leave, basis?}
 *   POST /api/students/:studentId/return           {toGroupId?, basis?}
 *   POST /api/groups/:groupId/rename               {code, basis?} → a new academic year; history and class teachers kept
 *   POST /api/groups/promote                       {renames: [{groupId | from, code}], basis?} → all checked, then renamed in a freeing order
 *   POST /api/roster/preview                       text/csv → what /api/roster/import would do; writes nothing
 */

async function groupsById(c: Context<StaffEnv>) {
  return new Map((await new GroupRepository(c.get("services")).list()).map((g) => [g.groupId, g]));
}

async function respondStudent(c: Context<StaffEnv>, studentId: string) {
  const student = await new StudentRepository(c.get("services")).findById(studentId);
  if (!student) throw new NotFoundError("Обучающийся не найден");
  return c.json({ student: studentJson(student, await groupsById(c)) });
}

export const studentsApi = new Hono<AppEnv>()
  .get("/api/students", requireRoles(...STUDENT_READERS), async (c) => {
    const groupId = c.req.query("group") ?? "";
    const groups = await groupsById(c);
    if (!groups.has(groupId)) throw new NotFoundError("Группа не найдена");
    const students = await new StudentRepository(c.get("services")).listByGroup(groupId);
    return c.json({ students: students.map((s) => studentJson(s, groups)) });
  })

  .get("/api/students/:studentId", requireRoles(...STUDENT_READERS), (c) =>
    respondStudent(c, c.req.param("studentId")),
  )

  .post(
    "/api/students/:studentId/transfer",
    requireRoles(...MOVEMENT_MANAGERS),
    jsonBody(transferInputSchema),
    async (c) => {
      const input = c.req.valid("json");
      await transferStudent(
        c.get("services"),
        { studentId: c.req.param("studentId"), ...input },
        staffActor(c),
      );
      return respondStudent(c, c.req.param("studentId"));
    },
  )

  .post(
    "/api/students/:studentId/leave",
    requireRoles(...MOVEMENT_MANAGERS),
    jsonBody(leaveInputSchema),
    async (c) => {
      const input = c.req.valid("json");
      await leaveStudent(c.get("services"), { studentId: c.req.param("studentId"), ...input }, staffActor(c));
      return respondStudent(c, c.req.param("studentId"));
    },
  )

  .post(
    "/api/students/:studentId/return",
    requireRoles(...MOVEMENT_MANAGERS),
    jsonBody(returnInputSchema),
    async (c) => {
      const input = c.req.valid("json");
      await returnStudent(
        c.get("services"),
        { studentId: c.req.param("studentId"), ...input },
        staffActor(c),
      );
      return respondStudent(c, c.req.param("studentId"));
    },
  )

  .post(
    "/api/groups/:groupId/rename",
    requireRoles(...MOVEMENT_MANAGERS),
    jsonBody(renameInputSchema),
    async (c) => {
      const input = c.req.valid("json");
      const group = await renameGroup(
        c.get("services"),
        c.req.param("groupId"),
        input.code,
        staffActor(c),
        input.basis,
      );
      return c.json({
        group: { groupId: group.groupId, code: group.code, classTeacherIds: group.classTeacherIds },
      });
    },
  )

  .post(
    "/api/groups/promote",
    requireRoles(...MOVEMENT_MANAGERS),
    jsonBody(promoteInputSchema),
    async (c) => {
      const input = c.req.valid("json");
      const renamed = await promoteGroups(
        c.get("services"),
        input.renames.map((r) => ({ groupId: r.groupId, from: r.from, to: r.code })),
        staffActor(c),
        input.basis,
      );
      return c.json({ renamed });
    },
  )

  .post("/api/roster/preview", requireRoles(...ROSTER_MANAGERS), async (c) => {
    const scope = await importScope(c);
    const preview = await previewRosterCsv(c.get("services"), await readCsvBody(c), scope);
    return c.json(previewJson(preview));
  });
