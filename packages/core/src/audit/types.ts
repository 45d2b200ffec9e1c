export type ActorType = "staff" | "parent" | "system";

export interface Actor {
  type: ActorType;
  /** Staff id, consent request id for a parent, or the name of a system job. */
  id: string;
  role?: string;
}

export interface AuditEventInput {
  actor: Actor;
  action: string;
  entityType: string;
  entityId: string;
  before?: string | null;
  after?: string | null;
  requestId?: string;
  /** Small, non-personal details (ids, numbers). Personal data stays in the entity records. */
  details?: Record<string, string | number | boolean | null>;
}

export interface AuditEvent extends AuditEventInput {
  orgId: string;
  seq: number;
  at: string;
  prevHash: string;
  hash: string;
}
