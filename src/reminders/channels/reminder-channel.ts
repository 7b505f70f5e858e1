import type { Channel } from '../planning';

/** A message ready for a channel: e-mail uses subject + HTML + text; SMS uses the text. */
export interface ReminderMessage {
  subject: string;
  text: string;
  html: string;
  /** The signed stop link inside the message (e-mail also puts it in List-Unsubscribe). */
  stopUrl: string;
  /** Our reminder id, for tracing (e-mail: X-Amparo-Reminder header). */
  reminderId: string;
  /**
   * The same for every attempt at one reminder × version × channel (e-mail: Message-ID). A copy sent again after
   * a takeover (see ReminderSender) is then recognizably the same message, and servers and clients that dedupe by
   * Message-ID show it once.
   */
  messageKey?: string;
}

export interface ChannelReceipt {
  /** The provider's id for the message (e-mail: Message-ID). */
  messageId: string;
}

/**
 * One way of reaching people. Adding SMS (or WhatsApp) is a new implementation registered under its key;
 * planning, the processor and the delivery record do not change.
 */
export interface ReminderChannel {
  readonly channel: Channel;
  /** Sends one message; throws ChannelUnavailableError, or an error saying whether a retry can help. */
  send(message: ReminderMessage, address: string): Promise<ChannelReceipt>;
}

/** The channel is not set up in this deployment (e.g. no SMS provider): the reminder is skipped, not retried. */
export class ChannelUnavailableError extends Error {
  override name = 'ChannelUnavailableError';
}

/** A send that failed for good (bad address, refused): no retry. Other errors are retried with backoff. */
export class PermanentDeliveryError extends Error {
  override name = 'PermanentDeliveryError';
}

export const REMINDER_CHANNELS = Symbol('REMINDER_CHANNELS');

/** The channels by key; a key without an implementation is "not configured". */
export class ChannelRegistry {
  private readonly channels = new Map<Channel, ReminderChannel>();

  constructor(channels: readonly ReminderChannel[]) {
    for (const channel of channels) this.channels.set(channel.channel, channel);
  }

  get(channel: Channel): ReminderChannel {
    const found = this.channels.get(channel);
    if (!found) throw new ChannelUnavailableError(`no ${channel} channel is configured`);
    return found;
  }
}
