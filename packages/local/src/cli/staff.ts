import { parseArgs } from "node:util";
import { DomainError, ValidationError } from "@soglasie/core/errors";
import { clearLoginLimits } from "@soglasie/core/staff/login-throttle";
import { ROLE_LABELS, ROLES, type Role } from "@soglasie/core/staff/roles";
import { StaffRepository } from "@soglasie/core/staff/staff-repository";
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

async function findStaff(repo: StaffRepository, who: string) {
  const staff = who.includes("@") ? await repo.findByEmail(who) : await repo.get(who);
  if (!staff) throw new CliError(`Сотрудник не найден: ${who}`);
  return staff;
}

export const staffCommand: Command = {
  summary: "staff accounts: add | list | set-role | reset-password | unlock",
  usage: `staff add --email E --name "ФИО" --position "Должность" [--pedagogical] [--roles r1,r2] --password P
staff list
staff set-role EMAIL|ID --roles r1,r2
staff reset-password EMAIL|ID --password P   (снимает и ограничения входа)
staff unlock EMAIL|ID                        снять ограничения входа учётной записи
staff unlock --client АДРЕС                  снять ограничение входа с IP-адреса`,
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
            },
            CLI_ACTOR,
          );
          bar.tick();
          bar.stop();
          console.log(`Создан: ${staff.fullName} <${staff.email}> id=${staff.staffId}`);
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
