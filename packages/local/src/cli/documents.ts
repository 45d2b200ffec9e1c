import { parseArgs } from "node:util";
import { checkDocumentStore } from "@soglasie/core/documents/records/consistency";
import { DEFAULT_GRACE_SECONDS, sweepOrphanDocuments } from "@soglasie/core/documents/records/sweep";
import { CliError, type Command, cliServices } from "./context.js";
import { progressBar } from "./progress.js";

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} КБ`;

export const documentsCommand: Command = {
  summary:
    "signed documents: check (S3 objects without a record, records without their PDF) | sweep (delete orphans)",
  usage: `documents check [--deep] [--json]
  Сверяет записи документов в DynamoDB с PDF-файлами в S3:
    осиротевшие файлы — в S3, но без записи (остаются после прерванной записи; удаляет documents sweep);
    записи без файла — запись есть, а PDF нет (потеря данных: код выхода 1).
  --deep  скачать каждый файл и сверить SHA-256 с записью (изменённые файлы: код выхода 1)
  --json  отчёт одним объектом JSON в stdout
documents sweep [--grace-minutes N] [--json]
  Удаляет осиротевшие PDF старше N минут (по умолчанию ${DEFAULT_GRACE_SECONDS / 60}): в них персональные данные,
  а сослаться на них уже нечему. Так же работает расписание на AWS и таймер npm start.`,
  async run(argv) {
    const [sub, ...rest] = argv;
    if (sub === "sweep") return sweep(rest);
    if (sub !== "check") throw new CliError(`Использование: ${documentsCommand.usage}`);
    let values: { deep: boolean; json: boolean };
    try {
      ({ values } = parseArgs({
        args: rest,
        options: { deep: { type: "boolean", default: false }, json: { type: "boolean", default: false } },
      }) as { values: { deep: boolean; json: boolean } });
    } catch (error) {
      throw new CliError(`${(error as Error).message}\n${documentsCommand.usage}`);
    }
    const services = await cliServices();
    let bar: ReturnType<typeof progressBar> | undefined;
    const report = await checkDocumentStore(services, {
      deep: values.deep,
      onProgress: (done, total) => {
        bar ??= progressBar(total, "Сверка SHA-256");
        bar.tick();
        if (done === total) bar.stop();
      },
    });
    const broken = report.missing.length + report.altered.length;
    if (values.json) {
      console.log(JSON.stringify(report));
    } else {
      console.log(`Записей документов: ${report.records}; PDF-файлов в хранилище: ${report.objects}.`);
      if (report.orphans.length === 0) console.log("Осиротевших файлов нет.");
      else {
        console.log(
          `Осиротевшие файлы (в S3 без записи; остаются после прерванной записи, безвредны): ${report.orphans.length}`,
        );
        for (const o of report.orphans) console.log(`  ${o.key}  ${kb(o.size)}  ${o.lastModified ?? ""}`);
      }
      if (report.missing.length === 0) console.log("Записей без файла нет.");
      else {
        console.error(`ЗАПИСИ БЕЗ ФАЙЛА (PDF отсутствует в S3): ${report.missing.length}`);
        for (const m of report.missing)
          console.error(`  ${m.documentId}  ${m.type} № ${m.number}  ${m.s3Key}`);
      }
      if (values.deep) {
        if (report.altered.length === 0) console.log("Все файлы совпадают с SHA-256 записей.");
        else {
          console.error(`ФАЙЛЫ НЕ СОВПАДАЮТ С ЗАПИСЬЮ (SHA-256): ${report.altered.length}`);
          for (const m of report.altered)
            console.error(`  ${m.documentId}  ${m.type} № ${m.number}  ${m.s3Key}`);
        }
      }
    }
    if (broken > 0) process.exitCode = 1;
  },
};

async function sweep(args: string[]) {
  let values: { "grace-minutes"?: string; json: boolean };
  try {
    ({ values } = parseArgs({
      args,
      options: { "grace-minutes": { type: "string" }, json: { type: "boolean", default: false } },
    }) as { values: { "grace-minutes"?: string; json: boolean } });
  } catch (error) {
    throw new CliError(`${(error as Error).message}\n${documentsCommand.usage}`);
  }
  const minutes =
    values["grace-minutes"] === undefined ? DEFAULT_GRACE_SECONDS / 60 : Number(values["grace-minutes"]);
  if (!Number.isFinite(minutes) || minutes < 0)
    throw new CliError("--grace-minutes: неотрицательное число минут");
  const report = await sweepOrphanDocuments(await cliServices(), { graceSeconds: minutes * 60 });
  if (values.json) {
    console.log(JSON.stringify(report));
    return;
  }
  console.log(`Удалено осиротевших файлов: ${report.deleted.length}`);
  for (const key of report.deleted) console.log(`  ${key}`);
  if (report.young > 0) console.log(`Моложе ${minutes} мин. (оставлены до следующего раза): ${report.young}`);
  if (report.kept > 0) console.log(`Оказались с записью (оставлены): ${report.kept}`);
}
