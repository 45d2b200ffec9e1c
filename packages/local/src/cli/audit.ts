import { verifyAuditChain } from "@soglasie/core/audit/verify";
import { CliError, type Command, cliServices } from "./context.js";

export const auditCommand: Command = {
  summary: "audit log: verify the hash chain",
  usage: "audit verify",
  async run([sub]) {
    if (sub !== "verify")
      throw new CliError(`Неизвестная подкоманда audit ${sub ?? ""}\n${auditCommand.usage}`);
    const services = await cliServices();
    const report = await verifyAuditChain(services.db);
    if (report.ok) {
      console.log(`Журнал аудита цел: ${report.count} событий, цепочка хешей сходится.`);
      return;
    }
    for (const p of report.problems) console.error(`  событие ${p.seq}: ${p.kind}`);
    throw new CliError(
      `Журнал аудита НАРУШЕН: ${report.problems.length} проблем(а) в ${report.count} событиях.`,
    );
  },
};
