import { readFileSync, statSync } from "node:fs";
import { DomainError, ValidationError } from "@soglasie/core/errors";
import { parseRoster } from "@soglasie/core/roster/csv";
import { type ImportResult, importRoster } from "@soglasie/core/roster/import";
import { CLI_ACTOR, CliError, type Command, cliServices } from "./context.js";
import { progressBar } from "./progress.js";

function domainToCli(error: unknown): never {
  if (error instanceof ValidationError) {
    const details = Object.values(error.fields)
      .flat()
      .filter((m) => m !== error.message);
    throw new CliError([error.message, ...details.map((m) => `  ${m}`)].join("\n"));
  }
  if (error instanceof DomainError) throw new CliError(error.message);
  throw error;
}

export const rosterCommand: Command = {
  summary: "roster: import FILE (CSV of students and parents; UTF-8 or Windows-1251)",
  usage: `roster import FILE
  Столбцы: Группа; ФИО обучающегося; ФИО родителя (законного представителя); Телефон; Email
  (или group, student, parent, phone, email). Разделитель «;» или «,». Повторный импорт ничего не задваивает.`,
  async run([sub, file]) {
    if (sub !== "import" || !file) throw new CliError(`Использование: ${rosterCommand.usage}`);
    let bytes: Uint8Array;
    try {
      if (!statSync(file).isFile()) throw new Error("not a file");
      bytes = new Uint8Array(readFileSync(file));
    } catch {
      throw new CliError(`Файл не найден или не читается: ${file}`);
    }
    let parsed: ReturnType<typeof parseRoster>;
    try {
      parsed = parseRoster(bytes);
    } catch (error) {
      domainToCli(error);
    }
    const services = await cliServices();
    const bar = progressBar(parsed.rows.length, "Импорт");
    let shown = 0;
    const progress = (done: number) => {
      bar.tick(done - shown);
      shown = done;
    };
    let result: ImportResult;
    try {
      result = await importRoster(services, parsed.rows, CLI_ACTOR, { createGroups: true }, progress);
    } catch (error) {
      bar.stop();
      domainToCli(error);
    }
    bar.stop();
    console.log(
      `Файл: ${parsed.rows.length} строк (${parsed.encoding}, разделитель «${parsed.delimiter === "\t" ? "табуляция" : parsed.delimiter}»).`,
    );
    console.log(
      `Добавлено: ${result.imported}, обновлено: ${result.updated}, без изменений: ${result.unchanged}, отклонено: ${result.rejected.length}.`,
    );
    if (result.groupsCreated.length > 0) console.log(`Новые группы: ${result.groupsCreated.join(", ")}`);
    if (result.rejected.length > 0) {
      console.error("Отклонённые строки (не сохранены):");
      for (const r of result.rejected) console.error(`  строка ${r.row}: ${r.reason}`);
      process.exitCode = 1;
    }
  },
};
