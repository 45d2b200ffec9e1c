import {
  chatHandedOutTxItem,
  chatOfferFor,
  chatOfferText,
  type GroupChat,
  getGroupChat,
} from "../chat/group-chat.js";
import { mayReceiveChatInvitation } from "../chat/rules.js";
import { signerContact } from "../messages/contacts.js";
import type { MessageResolver } from "../messages/outbox.js";
import { outboxPutItem } from "../messages/outbox.js";
import type { Channel } from "../messages/types.js";
import { shortName } from "../roster/normalize.js";
import type { Student } from "../roster/student-repository.js";
import type { Services } from "../services.js";
import { type ClassTeacherContact, classTeacherContacts } from "../staff/parent-contacts.js";
import type { TxItem } from "../storage/database.js";
import type { Respondent } from "../students/rules.js";
import { ConsentRequestRepository } from "./consent-request-repository.js";
import { linkUrl, tokenOf } from "./link-tokens.js";
import type { LinkContext } from "./links.js";
import type { Decision, DecisionKind } from "./types.js";

/**
 * The confirmation message after a decision (issue 16; clauses 1.8 and 2.5): written by the
 * decision's own transaction, so a decision that fails queues nothing. A consent carries the
 * group's Sferum/MAX chat invitation (and marks it handed out, as the receipt page does); a refusal
 * or a withdrawal carries the alternatives of clause 1.8 and the class teacher's contacts instead.
 * The receipt link is never stored: the resolver re-derives it at send time, and cancels the
 * message if the parent changed their mind before it went out.
 */
export const DECISION_CONFIRMATION_RESOLVER = "decision-confirmation";
export const DECISION_CONFIRMATION_TEMPLATE = "decision";
export const DECISION_CONFIRMATION_PURPOSE = "confirmation";

/**
 * Rule: the confirmation goes to the signer's own contact — an adult student's when they signed
 * personally, else the parent's; e-mail first (room for the text, free), SMS when there is no
 * e-mail and SMS is configured. A contact of a channel that cannot send is no contact.
 */
export function decisionConfirmationRecipient(
  services: Pick<Services, "config">,
  student: Pick<Student, "phone" | "email" | "studentPhone" | "studentEmail">,
  respondent: Respondent | undefined,
): { channel: Channel; to: string } | undefined {
  // E-mail first: room for the chat link and the alternatives.
  return signerContact(services.config, student, respondent === "student", ["email", "sms"]);
}

/** «Классный руководитель: Иванова Мария Петровна, тел. +7 914 000-00-01, e-mail …, по будням…». */
export function classTeacherText(teachers: readonly ClassTeacherContact[]): string {
  if (teachers.length === 0) return "";
  const one = (t: ClassTeacherContact) =>
    [
      t.fullName,
      t.contacts?.phone && `тел. ${t.contacts.phone}`,
      t.contacts?.email && `e-mail ${t.contacts.email}`,
      t.contacts?.note,
    ]
      .filter(Boolean)
      .join(", ");
  return `${teachers.length === 1 ? "Классный руководитель" : "Классные руководители"}: ${teachers.map(one).join("; ")}.`;
}

/**
 * The short form an SMS carries: «Иванова М. П., +7 914 000-00-01» (the first teacher, the phone
 * only: its length is bounded, so the SMS stays within three segments).
 */
export function classTeacherSmsText(teachers: readonly ClassTeacherContact[]): string {
  const t = teachers[0];
  if (!t) return "";
  const phone = t.contacts?.phone;
  return `${shortName(t.fullName)}${phone ? `, ${phone}` : ""}`;
}

/** What a confirmation needs read before the decision's transaction (started beside the rendering). */
export interface ConfirmationInputs {
  recipient: { channel: Channel; to: string };
  chat?: GroupChat;
  teachers: ClassTeacherContact[];
}

/** Reads the recipient, the group's chat invitation and the class teachers (undefined: no contact). */
export async function decisionConfirmationInputs(
  services: Services,
  context: Pick<LinkContext, "student" | "group">,
  kind: DecisionKind,
  respondent: Respondent | undefined,
): Promise<ConfirmationInputs | undefined> {
  const recipient = decisionConfirmationRecipient(services, context.student, respondent);
  if (!recipient) return undefined;
  const [chat, teachers] = await Promise.all([
    mayReceiveChatInvitation(kind) ? getGroupChat(services, context.group.groupId) : undefined,
    classTeacherContacts(services, context.group.classTeacherIds),
  ]);
  return { recipient, chat, teachers };
}

/**
 * The writes that queue the confirmation of `decision` for the decision's transaction (none without
 * a contact): the outbox message and, for a consent with a live chat invitation, the invitation's
 * «handed out» mark.
 */
export function decisionConfirmationTxItems(
  services: Services,
  context: LinkContext,
  decision: Decision,
  inputs: ConfirmationInputs | undefined,
): TxItem[] {
  if (!inputs) return [];
  const { request, student, group } = context;
  const { recipient, chat, teachers } = inputs;
  const offer = chatOfferFor(decision, chat);
  const flag = (b: boolean) => (b ? "1" : "");
  const vars: Record<string, string> = {
    consent: flag(decision.decision === "consent"),
    refusal: flag(decision.decision === "refusal"),
    withdrawal: flag(decision.decision === "withdrawal"),
    adult: flag(decision.respondent === "student"),
    // Surname and initials only (e-mail); the SMS template names no child.
    student: shortName(student.fullName),
    group: group.code,
    number: decision.documentNumber,
    chat: chatOfferText(offer),
    chatUrl: offer.kind === "invitation" ? offer.url : "",
    teacher: classTeacherText(teachers),
    teacherShort: classTeacherSmsText(teachers),
  };
  const items: TxItem[] = [
    outboxPutItem(services, {
      channel: recipient.channel,
      to: recipient.to,
      template: DECISION_CONFIRMATION_TEMPLATE,
      purpose: DECISION_CONFIRMATION_PURPOSE,
      causeId: request.requestId,
      studentId: student.studentId,
      groupId: group.groupId,
      vars,
      // The answer to what the parent did this minute: sent at once, like a code.
      urgent: true,
      // One confirmation per decision: a repeated transaction cannot queue it twice.
      id: `${decision.documentId}.confirmation`,
      resolver: {
        name: DECISION_CONFIRMATION_RESOLVER,
        ref: {
          groupId: group.groupId,
          studentId: student.studentId,
          requestId: request.requestId,
          documentId: decision.documentId,
        },
      },
    }),
  ];
  if (offer.kind === "invitation")
    items.push(chatHandedOutTxItem(services, group.groupId, decision.decidedAt));
  return items;
}

/**
 * At send time: cancels a confirmation whose decision is no longer the current one (a change of
 * mind before it went out gets its own), else supplies the receipt link re-derived from the seed.
 */
export const decisionConfirmationResolver: MessageResolver = async (services, message) => {
  const { groupId = "", studentId = "", requestId = "", documentId = "" } = message.ref;
  const request = await new ConsentRequestRepository(services).get(groupId, studentId, true);
  if (!request || request.requestId !== requestId) return { cancel: "запрос согласия больше не действует" };
  if (request.decision?.documentId !== documentId) return { cancel: "решение изменено" };
  const token = tokenOf(services.config.sessionSecret, request);
  return { vars: { receipt: token ? `${linkUrl(services.config.publicBaseUrl, token)}/receipt` : "" } };
};
