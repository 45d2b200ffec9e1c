/** Messages to parents: the public API of the domain (docs/messages.md). */
export * from "./contacts.js";
export * from "./defaults.js";
export * from "./delivery-reports.js";
export * from "./invitations.js";
export * from "./keys.js";
export * from "./outbox.js";
export * from "./providers/index.js";
export * from "./rules.js";
export * from "./sns.js";
export * from "./templates.js";
export * from "./types.js";
