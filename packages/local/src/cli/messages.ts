import { parseArgs } from "node:util";
import { DomainError } from "@soglasie/core/errors";
import { sendInvitations } from "@soglasie/core/messages/invitations";
import { providersFor } from "@soglasie/core/messages/providers/index";
import { describeSweep, runSender } from "@soglasie/core/messages/sender";
import { GroupRepository } from "@soglasie/core/roster/group-repository";
import { CLI_ACTOR, CliError, type Command, cliServices } from "./context.js";

const RESULTS: Record<string, string> = {
  queued: "в очереди",
  "no-contact": "нет контакта",
  answered: "уже ответили",
  inactive: "ссылка не действует",
  "already-invited": "уже приглашены",
};

export const messagesCommand: Command = {
  summary: "the message sender: run [--as-of DATE] (one sweep of the outbox)",
  usage: `messages run [--as-of 2026-12-06T10:00:00+09:00] [--limit N]   одна отправка: всё, что к этому моменту пора отправить`,
  async run(argv) {
    const [sub, ...rest] = argv;
    const { values } = parseArgs({
      args: rest,
      options: { "as-of": { type: "string" }, limit: { type: "string" } },
    });
    if (sub !== "run")
      throw new CliError(`Неизвестная подкоманда messages ${sub ?? ""}\n${messagesCommand.usage}`);
    const asOf = values["as-of"] ? new Date(values["as-of"]) : undefined;
    if (asOf && Number.isNaN(asOf.getTime()))
      throw new CliError("--as-of: дата и время ISO, например 2026-12-06T10:00:00+09:00");
    const limit = values.limit ? Number(values.limit) : undefined;
    if (limit !== undefined && !(Number.isInteger(limit) && limit > 0))
      throw new CliError("--limit: целое число больше 0");
    const services = await cliServices();
    const r = await runSender(services, { asOf, limit });
    console.log(`Сообщения: ${describeSweep(r)}.`);
  },
};

export const invitationsCommand: Command = {
  summary: "invitations: send --group CODE [--again] (personal links by e-mail/SMS)",
  usage: `invitations send --group КОД [--again]   приглашения родителям группы с e-mail или телефоном (--again: и уже приглашённым)`,
  async run(argv) {
    const [sub, ...rest] = argv;
    const { values } = parseArgs({
      args: rest,
      options: { group: { type: "string" }, again: { type: "boolean", default: false } },
    });
    if (sub !== "send")
      throw new CliError(`Неизвестная подкоманда invitations ${sub ?? ""}\n${invitationsCommand.usage}`);
    if (!values.group) throw new CliError("Укажите группу: --group КОД (например --group ТМ-21)");
    const services = await cliServices();
    const group = await new GroupRepository(services).findByCode(values.group);
    if (!group) throw new CliError(`Группа ${values.group} не найдена`);
    const providers = providersFor(services.config);
    if (!providers.email && !providers.sms)
      throw new CliError("Отправка почты и SMS не настроена (MAIL_FROM, SMSRU_API_ID)");
    try {
      const outcomes = await sendInvitations(services, {
        group,
        again: values.again,
        actor: CLI_ACTOR,
        providers,
      });
      const counts = new Map<string, number>();
      for (const o of outcomes) counts.set(o.result, (counts.get(o.result) ?? 0) + 1);
      console.log(
        `Группа ${group.code}: ${[...counts].map(([k, n]) => `${RESULTS[k] ?? k} ${n}`).join(", ") || "никого"}. Отправка: в течение нескольких минут (или npm run cli -- messages run).`,
      );
    } catch (error) {
      if (error instanceof DomainError) throw new CliError(error.message);
      throw error;
    }
  },
};
