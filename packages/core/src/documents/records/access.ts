import type { Role } from "../../staff/roles.js";
import type { DocumentType } from "../types.js";

const ORDER_READERS: Role[] = ["director", "administrator"];

/**
 * Who on staff may download each kind of document: one policy for every download route.
 * "staff" means any signed-in staff member. Parents' decisions additionally require the group check
 * (a class teacher sees only own groups), which the consent routes apply.
 */
export const DOCUMENT_READERS: Record<DocumentType, Role[] | "staff"> = {
  regulation: "staff",
  "protocol-extract": ["council_secretary", "director", "administrator"],
  "order-approve-regulation": ORDER_READERS,
  "order-appoint-administrator": ORDER_READERS,
  "order-assign-class-teachers": ORDER_READERS,
  "order-cancel": ORDER_READERS,
  "orders-register": ORDER_READERS,
  consent: ["director", "administrator", "class_teacher"],
  refusal: ["director", "administrator", "class_teacher"],
  acknowledgment: ["administrator", "director"],
  "order-acknowledgment": ORDER_READERS,
  // Passport and certificate numbers, addresses: only those who answer for the processing, not
  // class teachers (152-FZ art. 5 p. 5: no more than the purpose needs).
  "personal-data-consent": ["director", "administrator"],
  "personal-data-consent-withdrawal": ["director", "administrator", "class_teacher"],
  // Public anyway (/pep-rules.pdf): the rules are no secret.
  "pep-rules": "staff",
};

export function mayReadDocumentType(roles: readonly Role[], type: DocumentType): boolean {
  const readers = DOCUMENT_READERS[type];
  if (!readers) return false;
  return readers === "staff" || readers.some((r) => roles.includes(r));
}

/** The owner type of every document a parent signs through a personal link. */
export const PARENT_DOCUMENT_OWNER = "consent-request";

/**
 * A parent's document: anything a consent request owns (consent, refusal and whatever else a parent
 * signs there). Public pages say less about these: no title, and of a superseded one only that a
 * later document replaced it — a link to the successor would tell whoever holds the old QR code
 * which way the parent decided.
 */
export const isParentDocument = (record: { owner: { type: string } }): boolean =>
  record.owner.type === PARENT_DOCUMENT_OWNER;
