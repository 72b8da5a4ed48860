// What the outbound channels send and how they fail. Pure sending: no database here; the reminder
// jobs decide what to send, record every attempt, and use `retryable` with retry.ts to schedule the next.

import { type Bilingual, DubanError } from '../../core/errors.js';

/** One reminder or digest as it leaves duban: a short title and a plain-text (markdown-lite) body in Chinese. */
export interface OutboundMessage {
  title: string;
  text: string;
}

export type ChannelKind = 'email' | 'wecom' | 'dingtalk';

export interface ChannelErrorInit {
  channel: ChannelKind;
  /** True when the same message may go through later (network, timeout, 5xx, 429, platform rate limit). */
  retryable: boolean;
  /** HTTP status if the error reaches a route: 502 for an upstream failure (default), 400 for bad configuration. */
  status?: number;
  /** Safe to show the admin: never the webhook URL's key or token, never a password. */
  details?: Record<string, unknown>;
  cause?: unknown;
}

/** A channel could not deliver a message. A DubanError, so it prints and serializes like every other error. */
export class ChannelError extends DubanError {
  readonly channel: ChannelKind;
  readonly retryable: boolean;

  constructor(code: string, messages: Bilingual, init: ChannelErrorInit) {
    super(code, messages, init.status ?? 502, { channel: init.channel, retryable: init.retryable, ...init.details });
    this.name = 'ChannelError';
    this.channel = init.channel;
    this.retryable = init.retryable;
    if (init.cause !== undefined) this.cause = init.cause;
  }
}

/** Whether a failed send should be tried again: only a ChannelError that says so (anything else is a bug). */
export function isRetryable(error: unknown): boolean {
  return error instanceof ChannelError && error.retryable;
}
