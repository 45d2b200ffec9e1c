import { auditCommand } from "./cli/audit.js";
import { chatCommand } from "./cli/chat.js";
import { CliError, type Command } from "./cli/context.js";
import { documentsCommand } from "./cli/documents.js";
import { groupsCommand } from "./cli/groups.js";
import { linksCommand } from "./cli/links.js";
import { invitationsCommand, messagesCommand } from "./cli/messages.js";
import { ordersCommand } from "./cli/orders.js";
import { pepRulesCommand } from "./cli/pep-rules.js";
import { rosterCommand } from "./cli/roster.js";
import { staffCommand } from "./cli/staff.js";
import { studentsCommand } from "./cli/students.js";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

/** Admin CLI: `npm run cli -- <command> ...`. Each workflow registers its command here. */
const COMMANDS: Record<string, Command> = {
  staff: staffCommand,
  audit: auditCommand,
  roster: rosterCommand,
  students: studentsCommand,
  groups: groupsCommand,
  links: linksCommand,
  orders: ordersCommand,
  documents: documentsCommand,
  "pep-rules": pepRulesCommand,
  invitations: invitationsCommand,
  messages: messagesCommand,
  chat: chatCommand,
};

function usage() {
  return [
    "Использование: npm run cli -- <команда> [аргументы]",
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`),
  ].join("\n");
}

async function main() {
  const [name, ...args] = process.argv.slice(2);
  const command = name ? COMMANDS[name] : undefined;
  if (!command) {
    console.error(usage());
    process.exitCode = name && name !== "help" && name !== "--help" ? 2 : 0;
    return;
  }
  await command.run(args);
}

main().then(
  () => process.exit(),
  (error) => {
    console.error(error instanceof CliError ? error.message : error);
    process.exit(1);
  },
);
