import type { Actor } from "../audit/types.js";
import { localDate } from "../clock.js";
import { ConflictError, NotFoundError, ValidationError } from "../errors.js";
import { newId } from "../ids.js";
import type { Gender } from "../language/names.js";
import type { PositionCases } from "../language/positions.js";
import type { Services } from "../services.js";
import { orgPk } from "../storage/table.js";
import { parseInput, z } from "../validation.js";
import { positionFormsOf } from "./grammar.js";
import { clearLoginLimits } from "./login-throttle.js";
import type { ParentContacts } from "./parent-contacts.js";
import { hashPassword } from "./password.js";
import { effectiveRoles, type Role, type RoleGrant } from "./roles.js";
import {
  genderSchema,
  type NewStaff,
  newStaffSchema,
  type PositionCasesInput,
  passwordSchema,
  phoneSchema,
  positionCasesSchema,
  roleSchema,
} from "./schemas.js";

export interface StaffMember {
  staffId: string;
  email: string;
  fullName: string;
  position: string;
  /**
   * The position inside a sentence in each case («преподавателю информатики»), computed when the
   * position is entered and checked by the director; absent on records made before they existed.
   */
  positionCases?: PositionCases;
  /** Set when the patronymic does not tell the gender (documents then say «ознакомлен»/«ознакомлена»). */
  gender?: Gender;
  /** Work phone, printed in the «отметка об исполнителе» of documents this person prepares. */
  phone?: string;
  /** What parents of the groups this person leads see on their pages (staff/parent-contacts.ts). */
  parentContacts?: ParentContacts;
  /** Pedagogical worker (clause 2.4: only they can be appointed Sferum administrator). */
  pedagogical: boolean;
  /** Permanent roles; periodic roles granted by orders are in roleGrants. */
  roles: Role[];
  roleGrants: RoleGrant[];
  active: boolean;
  /** Raised on password reset: sessions issued before are refused. */
  sessionVersion: number;
  version: number;
  createdAt: string;
  updatedAt: string;
}

interface StaffItem extends StaffMember {
  pk: string;
  sk: string;
  passwordHash: string;
}

const positionInputSchema = z.object({
  position: newStaffSchema.shape.position,
  cases: positionCasesSchema.optional(),
});

export const documentDetailsSchema = z.object({
  positionCases: positionCasesSchema.optional(),
  gender: genderSchema.nullable().optional(),
  phone: phoneSchema.nullable().optional(),
});
export type DocumentDetailsInput = z.input<typeof documentDetailsSchema>;

export const staffKey = (orgId: string, staffId: string) => ({ pk: orgPk(orgId), sk: `STAFF#${staffId}` });
const emailKey = (orgId: string, email: string) => ({ pk: orgPk(orgId, "EMAIL", email), sk: "EMAIL" });

function publicView(item: StaffItem): StaffMember {
  const { pk: _pk, sk: _sk, passwordHash: _h, ...staff } = item;
  return staff;
}

/** Staff accounts. Email uniqueness is a separate item written in the same transaction. */
export class StaffRepository {
  constructor(private readonly services: Services) {}

  private get db() {
    return this.services.db;
  }

  private get orgId() {
    return this.services.config.orgId;
  }

  today(): string {
    return localDate(this.services.now(), this.services.config.timeZone);
  }

  rolesOf(staff: StaffMember): Role[] {
    return effectiveRoles(staff, this.today());
  }

  async create(input: NewStaff, actor: Actor): Promise<StaffMember> {
    const data = parseInput(newStaffSchema, input);
    const now = this.services.now().toISOString();
    const staffId = newId();
    const item: StaffItem = {
      ...staffKey(this.orgId, staffId),
      staffId,
      email: data.email,
      fullName: data.fullName,
      position: data.position,
      positionCases: positionFormsOf(data.position, data.positionCases),
      ...(data.gender ? { gender: data.gender } : {}),
      ...(data.phone ? { phone: data.phone } : {}),
      pedagogical: data.pedagogical,
      roles: [...new Set(data.roles)],
      roleGrants: [],
      active: true,
      sessionVersion: 1,
      version: 1,
      createdAt: now,
      updatedAt: now,
      passwordHash: await hashPassword(data.password),
    };
    await this.db.transact(
      [
        {
          put: { ...emailKey(this.orgId, data.email), staffId },
          condition: "attribute_not_exists(pk)",
          onConflict: () =>
            new ValidationError("Сотрудник с такой почтой уже есть", { email: ["Адрес уже используется"] }),
        },
        { put: item, condition: "attribute_not_exists(pk)" },
      ],
      [
        {
          actor,
          action: "staff.created",
          entityType: "staff",
          entityId: staffId,
          after: "active",
          details: { roles: item.roles.join(",") },
        },
      ],
    );
    return publicView(item);
  }

  async get(staffId: string): Promise<StaffMember | undefined> {
    const item = await this.db.get<StaffItem>(staffKey(this.orgId, staffId));
    return item ? publicView(item) : undefined;
  }

  async require(staffId: string): Promise<StaffMember> {
    const staff = await this.get(staffId);
    if (!staff) throw new NotFoundError("Сотрудник не найден");
    return staff;
  }

  /** The account with its password hash, for sign-in only. */
  async findForLogin(email: string): Promise<(StaffMember & { passwordHash: string }) | undefined> {
    const link = await this.db.get<{ staffId: string }>(emailKey(this.orgId, email.trim().toLowerCase()));
    if (!link) return undefined;
    const item = await this.db.get<StaffItem>(staffKey(this.orgId, link.staffId));
    if (!item) return undefined;
    const { pk: _pk, sk: _sk, ...rest } = item;
    return rest;
  }

  async findByEmail(email: string): Promise<StaffMember | undefined> {
    const found = await this.findForLogin(email);
    if (!found) return undefined;
    const { passwordHash: _h, ...staff } = found;
    return staff;
  }

  async list(): Promise<StaffMember[]> {
    const items = await this.db.queryPartition<StaffItem>(orgPk(this.orgId), "STAFF#");
    return items.map(publicView).sort((a, b) => a.fullName.localeCompare(b.fullName, "ru"));
  }

  /**
   * Applies `change` to the current record under optimistic concurrency: the write succeeds only if
   * nobody changed the record since `expectedVersion` (defaults to the version just read).
   */
  async update(
    staffId: string,
    actor: Actor,
    action: string,
    change: (
      staff: StaffMember,
    ) => Partial<Omit<StaffMember, "staffId" | "version">> & { passwordHash?: string },
    expectedVersion?: number,
  ): Promise<StaffMember> {
    const current = await this.db.get<StaffItem>(staffKey(this.orgId, staffId), true);
    if (!current) throw new NotFoundError("Сотрудник не найден");
    const version = expectedVersion ?? current.version;
    if (current.version !== version) throw new ConflictError();
    const patch = change(publicView(current));
    const next: StaffItem = {
      ...current,
      ...patch,
      version: version + 1,
      updatedAt: this.services.now().toISOString(),
    };
    await this.db.transact(
      [{ put: next, condition: "version = :v", values: { ":v": version } }],
      [
        {
          actor,
          action,
          entityType: "staff",
          entityId: staffId,
          before: `v${version}`,
          after: `v${version + 1}`,
        },
      ],
    );
    return publicView(next);
  }

  setRoles(staffId: string, roles: Role[], actor: Actor, expectedVersion?: number) {
    const parsed = parseInput(roleSchema.array(), roles);
    return this.update(
      staffId,
      actor,
      "staff.roles_changed",
      () => ({ roles: [...new Set(parsed)] }),
      expectedVersion,
    );
  }

  /**
   * A new position: its case forms are computed again; `cases` are the ones the caller corrects.
   */
  setPosition(
    staffId: string,
    position: string,
    cases: PositionCasesInput | undefined,
    actor: Actor,
    expectedVersion?: number,
  ) {
    const parsed = parseInput(positionInputSchema, { position, cases });
    return this.update(
      staffId,
      actor,
      "staff.position_changed",
      () => ({ position: parsed.position, positionCases: positionFormsOf(parsed.position, parsed.cases) }),
      expectedVersion,
    );
  }

  /**
   * What documents print about a person, as the director checked it: the position's case forms,
   * the gender (null: from the patronymic) and the work phone (null: none).
   */
  setDocumentDetails(staffId: string, input: DocumentDetailsInput, actor: Actor, expectedVersion?: number) {
    const parsed = parseInput(documentDetailsSchema, input);
    return this.update(
      staffId,
      actor,
      "staff.document_details_changed",
      (s) => ({
        ...(parsed.positionCases ? { positionCases: positionFormsOf(s.position, parsed.positionCases) } : {}),
        ...(parsed.gender !== undefined ? { gender: parsed.gender ?? undefined } : {}),
        ...(parsed.phone !== undefined ? { phone: parsed.phone ?? undefined } : {}),
      }),
      expectedVersion,
    );
  }

  /** A new password ends every session of the person and lifts every sign-in limit of the account. */
  async resetPassword(staffId: string, password: string, actor: Actor) {
    const parsed = parseInput(passwordSchema, password);
    const passwordHash = await hashPassword(parsed);
    const updated = await this.update(staffId, actor, "staff.password_reset", (s) => ({
      passwordHash,
      sessionVersion: s.sessionVersion + 1,
    }));
    await clearLoginLimits(this.services, { email: updated.email });
    return updated;
  }
}
