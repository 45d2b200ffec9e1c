import { readFileSync, statSync } from "node:fs";
import { DomainError, ValidationError } from "@soglasie/core/errors";
import { parseRoster } from "@soglasie/core/roster/csv";
import {
  type ImportPreview,
  type ImportResult,
  importRoster,
  previewRoster,
} from "@soglasie/core/roster/import";
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
  summary: "roster: import FILE [--preview] (CSV of students and parents; UTF-8 or Windows-1251)",
  usage: `roster import FILE [--preview]
  Столбцы: Группа; ФИО обучающегося; ФИО родителя (законного представителя); необязательно Телефон; Email;
  Дата рождения; Телефон обучающегося; Email обучающегося; Код обучающегося. Разделитель «;» или «,».
  Повторный импорт ничего не задваивает; известный обучающийся в другой группе переводится (правило
  сопоставления: docs/students.md). --preview показывает, что изменится, и ничего не меняет.`,
  async run(args) {
    const preview = args.includes("--preview");
    const [sub, file] = args.filter((a) => a !== "--preview");
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
    if (preview) {
      let shown: ImportPreview;
      try {
        shown = await previewRoster(services, parsed.rows, { createGroups: true });
      } catch (error) {
        domainToCli(error);
      }
      printPreview(shown);
      return;
    }
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
      `Добавлено: ${result.imported}, обновлено: ${result.updated}, переведено: ${result.transferred}, без изменений: ${result.unchanged}, неоднозначных: ${result.ambiguous.length}, отклонено: ${result.rejected.length}.`,
    );
    if (result.groupsCreated.length > 0) console.log(`Новые группы: ${result.groupsCreated.join(", ")}`);
    if (result.absent.length > 0)
      console.log(
        `Нет в файле (возможно, выбыли; не изменены): ${result.absent.length}. Выбытие: npm run cli -- students leave`,
      );
    if (result.ambiguous.length > 0) {
      console.error("Неоднозначные строки (не загружены, решите сами):");
      for (const r of result.ambiguous) console.error(`  строка ${r.row}: ${r.reason}`);
      process.exitCode = 1;
    }
    if (result.rejected.length > 0) {
      console.error("Отклонённые строки (не сохранены):");
      for (const r of result.rejected) console.error(`  строка ${r.row}: ${r.reason}`);
      process.exitCode = 1;
    }
  },
};

/** What an import would do, printed for a person to check before applying it. */
function printPreview(p: ImportPreview) {
  console.log("Предварительный просмотр: ничего не изменено.");
  console.log(
    `Новых: ${p.created.length}, изменятся: ${p.updated.length}, переводов: ${p.transferred.length}, без изменений: ${p.unchanged}, нет в файле: ${p.absent.length}, неоднозначных: ${p.ambiguous.length}, отклонено: ${p.rejected.length}.`,
  );
  if (p.groupsToCreate.length > 0) console.log(`Новые группы: ${p.groupsToCreate.join(", ")}`);
  for (const r of p.created) console.log(`  новый      строка ${r.row}: ${r.student}, ${r.group}`);
  for (const r of p.updated) console.log(`  изменится  строка ${r.row}: ${r.student}, ${r.group}`);
  for (const t of p.transferred)
    console.log(`  перевод    строка ${t.row}: ${t.student}, ${t.from} → ${t.to}`);
  for (const a of p.absent) console.log(`  нет в файле: ${a.fullName}, ${a.group} (код ${a.studentId})`);
  for (const r of p.ambiguous) console.log(`  неоднозначно строка ${r.row}: ${r.reason}`);
  for (const r of p.rejected) console.log(`  отклонено  строка ${r.row}: ${r.reason}`);
}
