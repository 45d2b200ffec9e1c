import { parseArgs } from "node:util";
import { DomainError, ValidationError } from "@soglasie/core/errors";
import { POSITION_CASES } from "@soglasie/core/language/positions";
import { staffGender, staffPositionCases } from "@soglasie/core/staff/grammar";
import { clearLoginLimits } from "@soglasie/core/staff/login-throttle";
import { ROLE_LABELS, ROLES, type Role } from "@soglasie/core/staff/roles";
import { type StaffMember, StaffRepository } from "@soglasie/core/staff/staff-repository";
import { CLI_ACTOR, CliError, type Command, cliServices } from "./context.js";
import { progressBar } from "./progress.js";

function parseRoles(value: string | undefined): Role[] {
  if (!value) return [];
  const roles = value
    .split(",")
    .map((r) => r.trim())
    .filter(Boolean);
  const unknown = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
  if (unknown.length)
    throw new CliError(`Неизвестные роли: ${unknown.join(", ")}. Допустимые: ${ROLES.join(", ")}`);
  return roles as Role[];
}

/** --genitive/--dative/--accusative/--instrumental: the position's forms the caller corrects. */
function caseOverrides(values: Record<string, unknown>) {
  const out: Partial<Record<(typeof POSITION_CASES)[number], string>> = {};
  for (const c of POSITION_CASES) {
    const v = values[c];
    if (typeof v === "string") out[c] = v;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function parseGender(value: string | undefined): "male" | "female" | undefined {
  if (value === undefined) return undefined;
  if (value === "male" || value === "female") return value;
  throw new CliError("--gender: male или female");
}

/** The forms documents print, for the operator to check. */
function printForms(staff: StaffMember) {
  const cases = staffPositionCases(staff);
  const gender = staffGender(staff);
  console.log(
    `  пол: ${gender === "male" ? "мужской" : gender === "female" ? "женский" : "не определён"}${staff.gender ? " (указан)" : ""}`,
  );
  console.log(
    `  кого? ${cases.genitive} · кому? ${cases.dative} · назначить кого? ${cases.accusative} · кем? ${cases.instrumental}`,
  );
  if (staff.phone) console.log(`  телефон: ${staff.phone}`);
}

async function findStaff(repo: StaffRepository, who: string) {
  const staff = who.includes("@") ? await repo.findByEmail(who) : await repo.get(who);
  if (!staff) throw new CliError(`Сотрудник не найден: ${who}`);
  return staff;
}

export const staffCommand: Command = {
  summary: "staff accounts: add | list | set-position | set-role | reset-password | unlock",
  usage: `staff add --email E --name "ФИО" --position "Должность" [--pedagogical] [--roles r1,r2] --password P
          [--gender male|female] [--phone "+7 3022 …"] [--genitive … --dative … --accusative … --instrumental …]
staff list
staff set-position EMAIL|ID --position "Должность" [--genitive … --dative … --accusative … --instrumental …]
staff set-role EMAIL|ID --roles r1,r2
staff reset-password EMAIL|ID --password P   (снимает и ограничения входа)
staff unlock EMAIL|ID                        снять ограничения входа учётной записи
staff unlock --client АДРЕС                  снять ограничение входа с IP-адреса
Формы должности по падежам вычисляются сами; --genitive и др. исправляют их (проверьте вывод).`,
  async run(argv) {
    const [sub, ...rest] = argv;
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        email: { type: "string" },
        name: { type: "string" },
        position: { type: "string" },
        pedagogical: { type: "boolean", default: false },
        roles: { type: "string" },
        password: { type: "string" },
        gender: { type: "string" },
        phone: { type: "string" },
        genitive: { type: "string" },
        dative: { type: "string" },
        accusative: { type: "string" },
        instrumental: { type: "string" },
        client: { type: "string" },
      },
    });
    const services = await cliServices();
    const repo = new StaffRepository(services);
    try {
      switch (sub) {
        case "add": {
          const bar = progressBar(1, "Создание");
          const staff = await repo.create(
            {
              email: values.email ?? "",
              fullName: values.name ?? "",
              position: values.position ?? "",
              pedagogical: values.pedagogical ?? false,
              roles: parseRoles(values.roles),
              password: values.password ?? "",
              gender: parseGender(values.gender),
              positionCases: caseOverrides(values),
              ...(values.phone ? { phone: values.phone } : {}),
            },
            CLI_ACTOR,
          );
          bar.tick();
          bar.stop();
          console.log(`Создан: ${staff.fullName} <${staff.email}> id=${staff.staffId}`);
          printForms(staff);
          return;
        }
        case "set-position": {
          const who = positionals[0];
          if (!who) throw new CliError("Укажите почту или id сотрудника");
          if (!values.position) throw new CliError("Укажите --position");
          const staff = await findStaff(repo, who);
          const updated = await repo.setPosition(
            staff.staffId,
            values.position,
            caseOverrides(values),
            CLI_ACTOR,
          );
          console.log(`Должность ${updated.fullName}: ${updated.position}`);
          printForms(updated);
          return;
        }
        case "list": {
          const all = await repo.list();
          for (const s of all) {
            const roles = repo
              .rolesOf(s)
              .map((r) => ROLE_LABELS[r])
              .join(", ");
            console.log(
              `${s.email.padEnd(28)} ${s.fullName.padEnd(36)} ${s.pedagogical ? "пед." : "    "} ${roles}`,
            );
          }
          console.log(`Всего: ${all.length}`);
          return;
        }
        case "set-role": {
          const who = positionals[0];
          if (!who) throw new CliError("Укажите почту или id сотрудника");
          const staff = await findStaff(repo, who);
          const updated = await repo.setRoles(staff.staffId, parseRoles(values.roles), CLI_ACTOR);
          console.log(
            `Роли ${updated.fullName}: ${updated.roles.map((r) => ROLE_LABELS[r]).join(", ") || "нет"}`,
          );
          return;
        }
        case "reset-password": {
          const who = positionals[0];
          if (!who) throw new CliError("Укажите почту или id сотрудника");
          const staff = await findStaff(repo, who);
          await repo.resetPassword(staff.staffId, values.password ?? "", CLI_ACTOR);
          console.log(`Пароль изменён, прежние сеансы ${staff.fullName} завершены, ограничения входа сняты`);
          return;
        }
        case "unlock": {
          const who = positionals[0];
          if (!who && !values.client)
            throw new CliError("Укажите почту или id сотрудника, или --client АДРЕС");
          const email = who ? (await findStaff(repo, who)).email : undefined;
          const removed = await clearLoginLimits(services, { email, address: values.client });
          console.log(
            `Ограничения входа сняты${email ? ` для ${email}` : ""}${values.client ? ` для адреса ${values.client}` : ""} (счётчиков удалено: ${removed})`,
          );
          return;
        }
        default:
          throw new CliError(`Неизвестная подкоманда staff ${sub ?? ""}\n${staffCommand.usage}`);
      }
    } catch (error) {
      if (error instanceof ValidationError) {
        const details = Object.entries(error.fields).map(([f, m]) => `  ${f}: ${m.join("; ")}`);
        throw new CliError([error.message, ...details].join("\n"));
      }
      if (error instanceof DomainError) throw new CliError(error.message);
      throw error;
    }
  },
};
