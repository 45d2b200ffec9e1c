import { parseArgs } from "node:util";
import { ruDate } from "@soglasie/core/clock";
import { DomainError, ValidationError } from "@soglasie/core/errors";
import { GroupRepository } from "@soglasie/core/roster/group-repository";
import { nameKey } from "@soglasie/core/roster/normalize";
import { LEAVE_LABELS, type Student, StudentRepository } from "@soglasie/core/roster/student-repository";
import type { Services } from "@soglasie/core/services";
import { backfillStudentRecords } from "@soglasie/core/students/backfill";
import { leaveStudent, returnStudent, transferStudent } from "@soglasie/core/students/movement";
import { leaveInputSchema, returnInputSchema, transferInputSchema } from "@soglasie/core/students/schemas";
import { parseInput } from "@soglasie/core/validation";
import { CLI_ACTOR, CliError, type Command, cliServices } from "./context.js";

const USAGE = `students show  (--id КОД | --group ГРУППА --student "ФИО")
students move   (--id КОД | --group ГРУППА --student "ФИО") --to ГРУППА [--basis "приказ № 45-к от 01.09.2026"]
students leave  (--id КОД | --group ГРУППА --student "ФИО") --kind expelled|graduated|academic_leave [--basis "…"]
students return (--id КОД | --group ГРУППА --student "ФИО") [--to ГРУППА] [--basis "…"]
students backfill
  Даёт записям обучающихся, загруженным до появления кода обучающегося, их код (повторный запуск
  ничего не меняет); запросы согласия без записи обучающегося перечисляются.
  Перевод переносит решение родителей, документы и историю; выбытие убирает обучающегося из списков
  и счётчиков группы и аннулирует неиспользованную ссылку; документы сохраняются (п. 2.3 Положения).`;

async function groupIdOf(services: Services, code: string): Promise<string> {
  const group = await new GroupRepository(services).findByCode(code);
  if (!group) throw new CliError(`Группа ${code} не найдена`);
  return group.groupId;
}

async function findStudent(services: Services, values: { id?: string; group?: string; student?: string }) {
  const students = new StudentRepository(services);
  let student: Student | undefined;
  if (values.id) student = await students.findById(values.id);
  else if (values.group && values.student)
    student = await students.get(await groupIdOf(services, values.group), nameKey(values.student), true);
  else throw new CliError(`Укажите обучающегося: --id КОД или --group ГРУППА --student "ФИО"\n${USAGE}`);
  if (!student) throw new CliError("Обучающийся не найден");
  return student;
}

async function describe(services: Services, student: Student): Promise<string> {
  const groups = new Map((await new GroupRepository(services).list()).map((g) => [g.groupId, g.code]));
  const lines = [
    `${student.fullName} (код ${student.studentId})`,
    `  группа: ${groups.get(student.groupId) ?? "?"}`,
    `  дата рождения: ${student.birthDate ? ruDate(student.birthDate) : "не указана"}`,
    `  состояние: ${student.enrolment ? `выбыл(а): ${LEAVE_LABELS[student.enrolment.status]} с ${ruDate(student.enrolment.since)}` : "обучается"}`,
  ];
  for (const m of student.movements ?? []) {
    const what =
      m.kind === "transfer"
        ? `перевод ${groups.get(m.fromGroupId ?? "")} → ${groups.get(m.toGroupId ?? "")}`
        : m.kind === "leave"
          ? `выбытие: ${m.leave ? LEAVE_LABELS[m.leave] : ""}`
          : `возвращение в ${groups.get(m.toGroupId ?? "")}`;
    lines.push(`  ${ruDate(m.at)} ${what}${m.basis ? ` (${m.basis})` : ""}`);
  }
  return lines.join("\n");
}

function domainToCli(error: unknown): never {
  if (error instanceof ValidationError) {
    const details = Object.values(error.fields).flat();
    throw new CliError([error.message, ...details.map((m) => `  ${m}`)].join("\n"));
  }
  if (error instanceof DomainError) throw new CliError(error.message);
  throw error;
}

export const studentsCommand: Command = {
  summary: "students: show | move --to GROUP | leave --kind KIND | return | backfill (movement, clause 2.3)",
  usage: USAGE,
  async run(argv) {
    const [sub, ...rest] = argv;
    if (sub === "backfill") {
      const report = await backfillStudentRecords(await cliServices(), CLI_ACTOR);
      console.log(
        `Групп: ${report.groups}, записей обучающихся: ${report.students}, дополнено сейчас: ${report.indexed}.`,
      );
      for (const o of report.orphans)
        console.log(`  запрос согласия ${o.requestId} (группа ${o.groupId}): записи обучающегося нет`);
      return;
    }
    if (!sub || !["show", "move", "leave", "return"].includes(sub))
      throw new CliError(`Использование:\n${USAGE}`);
    let values: Record<string, string | undefined>;
    try {
      ({ values } = parseArgs({
        args: rest,
        options: {
          id: { type: "string" },
          group: { type: "string" },
          student: { type: "string" },
          to: { type: "string" },
          kind: { type: "string" },
          basis: { type: "string" },
        },
      }) as { values: Record<string, string | undefined> });
    } catch (error) {
      throw new CliError(`${(error as Error).message}\n${USAGE}`);
    }
    const services = await cliServices();
    try {
      const student = await findStudent(services, values);
      const studentId = student.studentId;
      if (sub === "show") {
        console.log(await describe(services, student));
        return;
      }
      if (sub === "move") {
        if (!values.to) throw new CliError(`Укажите группу: --to ГРУППА\n${USAGE}`);
        const input = parseInput(transferInputSchema, {
          toGroupId: await groupIdOf(services, values.to),
          basis: values.basis,
        });
        await transferStudent(services, { studentId, ...input }, CLI_ACTOR);
      } else if (sub === "leave") {
        const input = parseInput(leaveInputSchema, { kind: values.kind, basis: values.basis });
        await leaveStudent(services, { studentId, ...input }, CLI_ACTOR);
      } else {
        const input = parseInput(returnInputSchema, {
          toGroupId: values.to ? await groupIdOf(services, values.to) : undefined,
          basis: values.basis,
        });
        await returnStudent(services, { studentId, ...input }, CLI_ACTOR);
      }
      const after = await new StudentRepository(services).findById(studentId);
      console.log(after ? await describe(services, after) : "Готово.");
    } catch (error) {
      if (error instanceof CliError) throw error;
      domainToCli(error);
    }
  },
};
