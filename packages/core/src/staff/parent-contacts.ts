import type { Actor } from "../audit/types.js";
import type { Services } from "../services.js";
import { cleanText, parseInput, z } from "../validation.js";
import { emailSchema, phoneSchema } from "./schemas.js";
import { type StaffMember, StaffRepository } from "./staff-repository.js";

/**
 * How parents may reach a staff member, as that person chose to show it on the parents' pages of
 * the groups they lead. Nothing is shown that they did not enter here: not the sign-in e-mail, not
 * the work phone printed on documents.
 */
export interface ParentContacts {
  phone?: string;
  email?: string;
  /** When to call or write, or another way to reach them («по будням с 15:00 до 17:00»). */
  note?: string;
}

const optional = <S extends z.ZodType>(schema: S) =>
  z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), schema.optional());

export const parentContactsSchema = z
  .object({
    phone: optional(phoneSchema),
    email: optional(emailSchema),
    note: optional(cleanText(200)),
  })
  .strict();
export type ParentContactsInput = z.input<typeof parentContactsSchema>;

/** The contacts as stored: only the fields given (an empty form removes them all). */
function compact(c: ParentContacts): ParentContacts | undefined {
  const out: ParentContacts = {
    ...(c.phone ? { phone: c.phone } : {}),
    ...(c.email ? { email: c.email } : {}),
    ...(c.note ? { note: c.note } : {}),
  };
  return Object.keys(out).length > 0 ? out : undefined;
}

/** The person sets their own contacts for parents (audited; the record's version guards a stale form). */
export function setParentContacts(
  services: Services,
  staffId: string,
  input: unknown,
  actor: Actor,
  expectedVersion?: number,
): Promise<StaffMember> {
  const parsed = parseInput(parentContactsSchema, input);
  return new StaffRepository(services).update(
    staffId,
    actor,
    "staff.parent_contacts_changed",
    () => ({ parentContacts: compact(parsed) }),
    expectedVersion,
  );
}

/** A group's class teacher as the parents' pages name them. */
export interface ClassTeacherContact {
  fullName: string;
  contacts?: ParentContacts;
}

/** The active class teachers of a group with the contacts each chose to show. */
export async function classTeacherContacts(
  services: Services,
  classTeacherIds: readonly string[],
): Promise<ClassTeacherContact[]> {
  const repo = new StaffRepository(services);
  const staff = await Promise.all(classTeacherIds.map((id) => repo.get(id)));
  return staff
    .filter((s): s is StaffMember => Boolean(s?.active))
    .map((s) => ({ fullName: s.fullName, ...(s.parentContacts ? { contacts: s.parentContacts } : {}) }));
}
