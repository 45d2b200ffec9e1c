import type { Channel } from "../types.js";

/** One message handed to a provider. */
export interface OutgoingMessage {
  id: string;
  channel: Channel;
  to: string;
  subject?: string;
  text: string;
  /** One-click unsubscribe (RFC 8058) for e-mail. */
  unsubscribeUrl?: string;
}

/**
 * A provider's refusal. `temporary`: retried with backoff (throttling, outage, network);
 * otherwise the message fails with `reason` shown to staff.
 */
export class ProviderError extends Error {
  override name = "ProviderError";
  constructor(
    readonly reason: string,
    readonly temporary: boolean,
  ) {
    super(reason);
  }
}

export interface MessageProvider {
  channel: Channel;
  /** Sends per second the provider allows. */
  ratePerSecond: number;
  /** Resolves with the provider's message id once it accepted the message. */
  send(message: OutgoingMessage): Promise<{ providerId: string }>;
}

export type Providers = Partial<Record<Channel, MessageProvider>>;
