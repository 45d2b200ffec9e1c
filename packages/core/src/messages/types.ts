/** Messages to parents: e-mail and SMS through the transactional outbox (docs/messages.md). */
export const CHANNELS = ["email", "sms"] as const;
export type Channel = (typeof CHANNELS)[number];

/**
 * Delivery states. `queued` waits in the due index (first attempt or a retry); `sending` is claimed
 * by a sweeper under a lease; `sent` the provider accepted it; `delivered` the provider reported
 * delivery; `failed` permanently (reason given) or out of retries; `bounced` the provider reported
 * the address dead; `cancelled` no longer wanted when its turn came (answered, expired, revoked,
 * opted out).
 */
export const MESSAGE_STATUSES = [
  "queued",
  "sending",
  "sent",
  "delivered",
  "failed",
  "bounced",
  "cancelled",
] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

/** States after which nothing more is sent and the sealed part is gone. */
export const FINAL_STATUSES: ReadonlySet<MessageStatus> = new Set([
  "sent",
  "delivered",
  "failed",
  "bounced",
  "cancelled",
]);

/** Russian labels for staff pages. */
export const STATUS_LABELS: Record<MessageStatus, string> = {
  queued: "в очереди",
  sending: "отправляется",
  sent: "отправлено",
  delivered: "доставлено",
  failed: "не отправлено",
  bounced: "адрес недоступен",
  cancelled: "отменено",
};

/** What a caller asks the outbox to send. */
export interface OutboxInput {
  channel: Channel;
  /** Full contact (e-mail or phone); kept only sealed until the message is final, masked forever. */
  to: string;
  /** Template name: templates/messages/<template>.<channel>.txt. */
  template: string;
  /**
   * Template variables, sealed with the contact (they may hold a code or a short name). Never put a
   * link token here when a resolver can re-derive it at send time.
   */
  vars?: Record<string, string>;
  /** When it may be sent first (default: now); moved out of quiet hours unless `urgent`. */
  dueAt?: Date;
  /** What caused it (a consent request id, a code request...): lists a cause's messages. */
  causeId: string;
  /** The student it concerns (the group page shows a student's latest state). */
  studentId?: string;
  groupId?: string;
  /** Why it is sent: "invitation", "reminder", "code", ... (stats and staff pages). */
  purpose: string;
  /**
   * A resolver (see `MessageResolver`) run at send time: adds variables (a link re-derived from its
   * seed) and may cancel the message (the parent answered meanwhile).
   */
  resolver?: { name: string; ref: Record<string, string> };
  /** Sent at once whatever the hour (a code the parent asked for this minute). */
  urgent?: boolean;
  /** A fixed id (tests, idempotent callers): a second put with the same id fails the transaction. */
  id?: string;
}

/** The stored record. */
export interface MessageRecord {
  pk: string;
  sk: string;
  type: "message";
  id: string;
  channel: Channel;
  template: string;
  purpose: string;
  causeId: string;
  studentId?: string;
  groupId?: string;
  /** «i***@mail.ru», «+7 914 ***-**-01». */
  toMasked: string;
  /** HMAC of the normalised contact: opt-outs and counts without the contact itself. */
  contactKey: string;
  /** AES-256-GCM of {to, vars}; removed when the message becomes final. */
  sealed?: string;
  resolver?: { name: string; ref: Record<string, string> };
  urgent?: boolean;
  status: MessageStatus;
  /** Why it failed / bounced / was cancelled (Russian, for staff). */
  reason?: string;
  attempts: number;
  createdAt: string;
  updatedAt: string;
  dueAt: string;
  sentAt?: string;
  deliveredAt?: string;
  providerId?: string;
  /** Sweeper lease (ISO) while `sending`. */
  leaseUntil?: string;
  gsi1pk: string;
  gsi1sk: string;
  /** Sparse due index: present only while queued or sending. */
  gsi2pk?: string;
  gsi2sk?: string;
  /** Provider id lookup (delivery reports), once sent. */
  gsi3pk?: string;
  gsi3sk?: string;
  ttl: number;
}

/** The public view of a record (no sealed part, no keys). */
export interface MessageView {
  id: string;
  channel: Channel;
  purpose: string;
  template: string;
  causeId: string;
  studentId?: string;
  groupId?: string;
  toMasked: string;
  status: MessageStatus;
  statusLabel: string;
  reason?: string;
  attempts: number;
  createdAt: string;
  updatedAt: string;
  dueAt: string;
  sentAt?: string;
  deliveredAt?: string;
}

export const toView = (r: MessageRecord): MessageView => ({
  id: r.id,
  channel: r.channel,
  purpose: r.purpose,
  template: r.template,
  causeId: r.causeId,
  studentId: r.studentId,
  groupId: r.groupId,
  toMasked: r.toMasked,
  status: r.status,
  statusLabel: STATUS_LABELS[r.status],
  reason: r.reason,
  attempts: r.attempts,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
  dueAt: r.dueAt,
  sentAt: r.sentAt,
  deliveredAt: r.deliveredAt,
});
