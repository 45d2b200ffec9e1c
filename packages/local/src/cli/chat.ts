import { parseArgs } from "node:util";
import { getGroupChat, recordChatRevoked, setGroupChatLink } from "@soglasie/core/chat/group-chat";
import { localDate } from "@soglasie/core/clock";
import { DomainError, ValidationError } from "@soglasie/core/errors";
import { GroupRepository } from "@soglasie/core/roster/group-repository";
import { CLI_ACTOR, CliError, type Command, cliServices } from "./context.js";

const USAGE = `chat set --group КОД --link URL          ссылка-приглашение в чат родителей группы в «Сферуме»/MAX (п. 2.5)
chat revoked --group КОД [--on ГГГГ-ММ-ДД]  ссылка аннулирована в «Сферуме» (п. 2.3; по умолчанию сегодня)
chat show --group КОД                      ссылка, когда выдана, когда аннулирована`;

/** The group chat's invitation link (clauses 2.5, 2.3), as the page /staff/consents/{group}/chat. */
export const chatCommand: Command = {
  summary: "chat: set --group CODE --link URL | revoked --group CODE [--on DATE] | show --group CODE",
  usage: USAGE,
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { group: { type: "string" }, link: { type: "string" }, on: { type: "string" } },
    });
    const [sub] = positionals;
    if (!sub || !["set", "revoked", "show"].includes(sub) || !values.group)
      throw new CliError(`Использование:\n${USAGE}`);
    const services = await cliServices();
    const group = await new GroupRepository(services).findByCode(values.group, true);
    if (!group) throw new CliError(`Группа ${values.group} не найдена`);
    try {
      if (sub === "set") {
        if (!values.link) throw new CliError(`Укажите --link.\n${USAGE}`);
        const chat = await setGroupChatLink(services, group.groupId, { url: values.link }, CLI_ACTOR);
        console.log(`Ссылка-приглашение группы ${group.code} сохранена (версия ${chat.version}).`);
        return;
      }
      const current = await getGroupChat(services, group.groupId, true);
      if (sub === "show") {
        if (!current) {
          console.log(`У группы ${group.code} нет ссылки-приглашения в чат.`);
          return;
        }
        console.log(`Группа ${group.code}: ${current.url} (версия ${current.version})`);
        console.log(`Выдана: ${current.handedOutAt ?? "ещё никому не показана"}`);
        console.log(`Аннулирована: ${current.revokedOn ?? "нет"}`);
        return;
      }
      if (!current) throw new CliError(`У группы ${group.code} нет ссылки-приглашения в чат`);
      const revokedOn = values.on ?? localDate(services.now(), services.config.timeZone);
      await recordChatRevoked(services, group.groupId, { revokedOn, version: current.version }, CLI_ACTOR);
      console.log(`Аннулирование ссылки группы ${group.code} в «Сферуме» отмечено: ${revokedOn}.`);
    } catch (error) {
      if (error instanceof ValidationError && Object.keys(error.fields).length > 0)
        throw new CliError(`${error.message}: ${Object.values(error.fields).flat().join("; ")}`);
      if (error instanceof DomainError) throw new CliError(error.message);
      throw error;
    }
  },
};
