import { parseArgs } from "node:util";
import { groupDashboard } from "@soglasie/core/consent/dashboard";
import { linkRows } from "@soglasie/core/consent/exports";
import { reissueLinks, revokeUnclaimedLinks } from "@soglasie/core/consent/links";
import { DomainError } from "@soglasie/core/errors";
import { csvLine } from "@soglasie/core/exports/csv";
import { type Group, GroupRepository } from "@soglasie/core/roster/group-repository";
import type { Services } from "@soglasie/core/services";
import { CLI_ACTOR, CliError, type Command, cliServices } from "./context.js";
import { progressBar } from "./progress.js";

async function groupByCode(services: Services, code: string | undefined): Promise<Group> {
  if (!code) throw new CliError("Укажите группу: --group КОД (например --group ТМ-21)");
  const group = await new GroupRepository(services).findByCode(code);
  if (!group) throw new CliError(`Группа ${code} не найдена`);
  return group;
}

export const linksCommand: Command = {
  summary:
    "personal links: export --group CODE (CSV to stdout) | reissue --group CODE | revoke --group CODE|--all",
  usage: `links export --group КОД [--bom]     CSV в stdout: группа; обучающийся; ссылка (только действующие ссылки)
links reissue --group КОД             новые ссылки всем без решения, у кого ссылка истекла или аннулирована
links revoke --group КОД | --all      аннулировать невостребованные ссылки (п. 2.3 Положения)`,
  async run(argv) {
    const [sub, ...rest] = argv;
    const { values } = parseArgs({
      args: rest,
      options: {
        group: { type: "string" },
        all: { type: "boolean", default: false },
        bom: { type: "boolean", default: false },
      },
    });
    const services = await cliServices();
    try {
      switch (sub) {
        case "export": {
          const group = await groupByCode(services, values.group);
          const rows = linkRows(services, await groupDashboard(services, group));
          const live = rows.filter((r) => r.url);
          process.stdout.write(`${values.bom ? "\uFEFF" : ""}${csvLine(["group", "student", "link"])}`);
          for (const r of live) process.stdout.write(csvLine([r.group, r.student, r.url]));
          const dead = rows.length - live.length;
          if (dead > 0) {
            console.error(
              `Без действующей ссылки: ${dead} из ${rows.length} (истекла или аннулирована). Выдать новые: npm run cli -- links reissue --group ${group.code}`,
            );
          }
          return;
        }
        case "reissue": {
          const group = await groupByCode(services, values.group);
          const issued = await reissueLinks(services, group.groupId, CLI_ACTOR);
          console.log(`Группа ${group.code}: выдано новых ссылок: ${issued.length}`);
          return;
        }
        case "revoke": {
          const groups = values.all
            ? await new GroupRepository(services).list()
            : [await groupByCode(services, values.group)];
          const bar = progressBar(groups.length, "Группы");
          let revoked = 0;
          for (const g of groups) {
            revoked += await revokeUnclaimedLinks(services, g.groupId, CLI_ACTOR);
            bar.tick();
          }
          bar.stop();
          console.log(`Аннулировано невостребованных ссылок: ${revoked} (групп: ${groups.length})`);
          return;
        }
        default:
          throw new CliError(`Неизвестная подкоманда links ${sub ?? ""}\n${linksCommand.usage}`);
      }
    } catch (error) {
      if (error instanceof DomainError) throw new CliError(error.message);
      throw error;
    }
  },
};
