import { Injectable } from '@nestjs/common';
import { MailDeliveryError, MailService } from '../../mail/mail.service';
import { ChannelReceipt, PermanentDeliveryError, ReminderChannel, ReminderMessage } from './reminder-channel';

/** E-mail through MailService (SMTP, or .eml files in development), HTML + plain text, with one-click stop. */
@Injectable()
export class EmailChannel implements ReminderChannel {
  readonly channel = 'email' as const;

  constructor(private readonly mail: MailService) {}

  async send(message: ReminderMessage, address: string): Promise<ChannelReceipt> {
    try {
      const sent = await this.mail.send({
        to: address,
        subject: message.subject,
        text: message.text,
        html: message.html,
        headers: {
          // RFC 2369 + RFC 8058: mail clients show an "unsubscribe" button that POSTs to the same link.
          'List-Unsubscribe': `<${message.stopUrl}>`,
          'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
          'X-Amparo-Reminder': message.reminderId,
          'Auto-Submitted': 'auto-generated',
          ...(message.messageKey ? { 'Message-ID': `<${message.messageKey}>` } : {}),
        },
      });
      return { messageId: sent.messageId };
    } catch (err) {
      if (err instanceof MailDeliveryError && err.permanent && !isTemporaryReply(err.responseCode)) {
        throw new PermanentDeliveryError(err.message);
      }
      throw err;
    }
  }
}

/**
 * MailService marks every envelope rejection (EENVELOPE) permanent, but a 4xx reply at RCPT ("451 try again
 * later", greylisting, mailbox full) is temporary by RFC 5321: retry those with backoff.
 */
function isTemporaryReply(code: number | undefined): boolean {
  return code !== undefined && code >= 400 && code < 500;
}
