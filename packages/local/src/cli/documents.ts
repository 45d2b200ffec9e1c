import { parseArgs } from "node:util";
import { checkDocumentStore } from "@soglasie/core/documents/records/consistency";
import { CliError, type Command, cliServices } from "./context.js";
import { progressBar } from "./progress.js";

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} КБ`;

export const documentsCommand: Command = {
  summary: "signed documents: check (S3 objects without a record, records without their PDF)",
  usage: `documents check [--deep] [--json]
  Сверяет записи документов в DynamoDB с PDF-файлами в S3:
    осиротевшие файлы — в S3, но без записи (остаются после прерванной записи; безвредны);
    записи без файла — запись есть, а PDF нет (потеря данных: код выхода 1).
  --deep  скачать каждый файл и сверить SHA-256 с записью (изменённые файлы: код выхода 1)
  --json  отчёт одним объектом JSON в stdout`,
  async run(argv) {
    const [sub, ...rest] = argv;
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
