import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { ruDate } from "@soglasie/core/clock";
import { PepRulesRepository } from "@soglasie/core/pep/pep-rules-repository";
import { currentPepRules, issuePepRulesAsDirector, pepRulesUrl } from "@soglasie/core/pep/rules-versions";
import { PEP_AUDIENCES } from "@soglasie/core/pep/types";
import { StaffRepository } from "@soglasie/core/staff/staff-repository";
import { CliError, type Command, cliServices } from "./context.js";

/** The rules of the simple electronic signature: versions, and a new version issued by the director. */
export const pepRulesCommand: Command = {
  summary: "rules of the simple electronic signature: list versions, issue a new one (director)",
  usage: [
    "pep-rules list",
    "pep-rules issue --audience parents|staff --director director@example.ru [--template правила.md]",
  ].join("\n"),
  async run([sub, ...rest]) {
    const { values } = parseArgs({
      args: rest,
      options: { audience: { type: "string" }, director: { type: "string" }, template: { type: "string" } },
    });
    const services = await cliServices();
    if (sub === "list") {
      const repo = new PepRulesRepository(services);
      for (const audience of PEP_AUDIENCES) {
        const current = await currentPepRules(services, audience);
        console.log(`${audience}: действует редакция № ${current.version} от ${ruDate(current.date)}`);
        for (const v of await repo.list(audience)) {
          console.log(
            `  № ${String(v.version).padEnd(4)} ${ruDate(v.date)}  ${v.number.padEnd(10)} ${pepRulesUrl(services.config.publicBaseUrl, audience, v.version)}`,
          );
        }
      }
      return;
    }
    if (sub !== "issue")
      throw new CliError(`Неизвестная подкоманда pep-rules ${sub ?? ""}\n${pepRulesCommand.usage}`);
    if (!values.director) throw new CliError("Укажите директора, выпускающего редакцию: --director email");
    const staff = new StaffRepository(services);
    const director = await staff.findByEmail(values.director);
    if (!director || !staff.rolesOf(director).includes("director"))
      throw new CliError(`${values.director}: нет такого работника с ролью director`);
    const v = await issuePepRulesAsDirector(
      services,
      {
        audience: values.audience as never,
        ...(values.template ? { templateSource: readFileSync(values.template, "utf8") } : {}),
      },
      director,
      { type: "staff", id: director.staffId, role: "director" },
    );
    console.log(
      `Выпущена редакция № ${v.version} от ${ruDate(v.date)} (${v.number}): ${pepRulesUrl(services.config.publicBaseUrl, v.audience, v.version)}`,
    );
  },
};
