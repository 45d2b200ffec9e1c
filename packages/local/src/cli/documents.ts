import { parseArgs } from "node:util";
import { checkDocumentStore } from "@soglasie/core/documents/records/consistency";
import { DEFAULT_GRACE_SECONDS, sweepOrphanDocuments } from "@soglasie/core/documents/records/sweep";
import { runTimestampJob } from "@soglasie/core/documents/timestamps/job";
import { CliError, type Command, cliServices } from "./context.js";
import { progressBar } from "./progress.js";

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} КБ`;

export const documentsCommand: Command = {
  summary:
    "signed documents: check (S3 objects without a record, records without their PDF) | sweep (delete orphans) | timestamp (PAdES B-LTA)",
  usage: `documents check [--deep] [--json]
  Сверяет записи документов в DynamoDB с PDF-файлами в S3:
    осиротевшие файлы — в S3, но без записи (остаются после прерванной записи; удаляет documents sweep);
    записи без файла — запись есть, а PDF нет (потеря данных: код выхода 1).
  --deep  скачать каждый файл и сверить SHA-256 с записью (изменённые файлы: код выхода 1)
  --json  отчёт одним объектом JSON в stdout
documents sweep [--grace-minutes N] [--json]
  Удаляет осиротевшие PDF старше N минут (по умолчанию ${DEFAULT_GRACE_SECONDS / 60}): в них персональные данные,
  а сослаться на них уже нечему. Так же работает расписание на AWS и таймер npm start.
documents timestamp [--due] [--json]
  Доводит документы до PAdES B-LTA добавочными обновлениями (прежние подписи остаются в силе):
  B-B (выданные, когда служба меток времени не ответила) получают метку времени документа, затем
  хранилище DSS с сертификатами и метку времени поверх него. --due: ещё и повторно ставит метку
  документам B-LTA, у которых сертификат последней метки истекает в течение года (так работают
  расписание на AWS и таймер npm start). Службы меток: TSA_URL или локальная служба npm start.`,
  async run(argv) {
    const [sub, ...rest] = argv;
    if (sub === "sweep") return sweep(rest);
    if (sub === "timestamp") return timestamp(rest);
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

async function timestamp(args: string[]) {
  let values: { due: boolean; json: boolean };
  try {
    ({ values } = parseArgs({
      args,
      options: { due: { type: "boolean", default: false }, json: { type: "boolean", default: false } },
    }) as { values: { due: boolean; json: boolean } });
  } catch (error) {
    throw new CliError(`${(error as Error).message}\n${documentsCommand.usage}`);
  }
  const services = await cliServices();
  if (!services.tsa)
    throw new CliError("Службы меток времени не настроены: задайте TSA_URL или запустите npm start.");
  const report = await runTimestampJob(services, { renew: values.due });
  if (values.json) {
    console.log(JSON.stringify(report));
  } else {
    console.log(`Документов к обработке: ${report.due}; обновлено: ${report.upgraded.length}.`);
    for (const u of report.upgraded) console.log(`  ${u.documentId}  ${u.from} → ${u.to}`);
    if (report.failed.length > 0) {
      console.error(`Не обновлены (повторите позже): ${report.failed.length}`);
      for (const f of report.failed) console.error(`  ${f.documentId}  ${f.reason}`);
    }
  }
  if (report.failed.length > 0) process.exitCode = 1;
}
