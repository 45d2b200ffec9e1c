import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { DomainError, ValidationError } from "@soglasie/core/errors";
import { GroupRepository } from "@soglasie/core/roster/group-repository";
import { promoteGroups, renameGroup } from "@soglasie/core/students/academic-year";
import { CLI_ACTOR, CliError, type Command, cliServices } from "./context.js";

const USAGE = `groups rename СТАРЫЙ НОВЫЙ [--basis "приказ № …"]   новый код группы (история и классные руководители сохраняются)
groups promote FILE [--basis "…"]                    новый учебный год: строки «старый;новый», например «ТМ-21;ТМ-31»`;

export const groupsCommand: Command = {
  summary: "groups: rename OLD NEW | promote FILE (a new academic year; history and class teachers kept)",
  usage: USAGE,
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { basis: { type: "string" } },
    });
    const [sub, a, b] = positionals;
    const services = await cliServices();
    try {
      if (sub === "rename" && a && b) {
        const group = await new GroupRepository(services).findByCode(a, true);
        if (!group) throw new CliError(`Группа ${a} не найдена`);
        const after = await renameGroup(services, group.groupId, b, CLI_ACTOR, values.basis);
        console.log(`Группа ${group.code} теперь ${after.code}.`);
        return;
      }
      if (sub === "promote" && a) {
        let text: string;
        try {
          text = readFileSync(a, "utf8");
        } catch {
          throw new CliError(`Файл не найден или не читается: ${a}`);
        }
        const steps = text
          .split(/\r?\n/)
          .map((l) => l.trim())
          .filter(Boolean)
          .map((l, i) => {
            const [from, to] = l.split(/[;,\t]/).map((x) => x.trim());
            if (!from || !to) throw new CliError(`Строка ${i + 1}: ожидается «старый;новый»`);
            return { from, to };
          });
        for (const r of await promoteGroups(services, steps, CLI_ACTOR, values.basis))
          console.log(`${r.from} → ${r.to}`);
        return;
      }
      throw new CliError(`Использование:\n${USAGE}`);
    } catch (error) {
      // A refused promotion names its steps as `renames.{i}.…`: the CLI says the line of the file.
      if (error instanceof ValidationError && Object.keys(error.fields).length > 0) {
        const lines = Object.entries(error.fields).map(([path, messages]) => {
          const i = /^renames\.(\d+)\./.exec(path)?.[1];
          return `${i === undefined ? "" : `Строка ${Number(i) + 1}: `}${messages.join("; ")}`;
        });
        throw new CliError(`${error.message}:\n${lines.join("\n")}`);
      }
      if (error instanceof DomainError) throw new CliError(error.message);
      throw error;
    }
  },
};
