import { Injectable } from '@nestjs/common';
import {
  ChannelReceipt,
  ChannelUnavailableError,
  ReminderChannel,
  ReminderMessage,
} from './reminder-channel';

/**
 * SMS is planned (families choose it) but no provider is wired yet: every SMS reminder is skipped with a reason
 * the coordinator sees, and the family escalates if nothing else reaches them. A provider (e.g. Twilio) goes
 * here: send `message.text` plus the stop link to the E.164 number.
 */
@Injectable()
export class SmsChannel implements ReminderChannel {
  readonly channel = 'sms' as const;

  send(message: ReminderMessage, address: string): Promise<ChannelReceipt> {
    void message;
    void address;
    return Promise.reject(new ChannelUnavailableError('SMS is not configured in this deployment'));
  }
}
