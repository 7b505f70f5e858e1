import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createTransport, Transporter } from 'nodemailer';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** Extra headers, e.g. List-Unsubscribe. */
  headers?: Record<string, string>;
}

export interface SentMail {
  messageId: string;
  /** Where the message went: the SMTP server's reply, or the .eml file written. */
  receipt: string;
}

/** A send that failed. `permanent` (SMTP 5xx, bad address) means retrying cannot help. */
export class MailDeliveryError extends Error {
  override name = 'MailDeliveryError';
  constructor(
    message: string,
    readonly permanent: boolean,
    readonly responseCode?: number,
  ) {
    super(message);
  }
}

/**
 * The one way the application sends e-mail: over SMTP when SMTP_URL is set, otherwise each message is
 * written as an .eml file under <DATA_DIR>/outbox/ so a newcomer can open what would have been sent.
 */
@Injectable()
export class MailService implements OnModuleDestroy {
  private readonly logger = new Logger(MailService.name);
  private readonly transporter: Transporter;
  private readonly outboxDir: string | undefined;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    if (config.mail.smtpUrl) {
      this.transporter = createTransport(config.mail.smtpUrl, { from: config.mail.from });
    } else {
      this.outboxDir = resolve(config.mail.outboxDir);
      this.transporter = createTransport(
        { streamTransport: true, buffer: true, newline: 'unix' },
        { from: config.mail.from },
      );
    }
  }

  get transportKind(): 'smtp' | 'outbox' {
    return this.outboxDir ? 'outbox' : 'smtp';
  }

  async send(mail: OutgoingMail): Promise<SentMail> {
    let info: { messageId: string; response?: string; message?: Buffer };
    try {
      info = (await this.transporter.sendMail({
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        headers: mail.headers,
      })) as typeof info;
    } catch (err) {
      throw toDeliveryError(err);
    }
    if (this.outboxDir && info.message) {
      await mkdir(this.outboxDir, { recursive: true });
      const file = join(
        this.outboxDir,
        `${new Date().toISOString().replace(/[:.]/g, '-')}-${safeName(info.messageId)}.eml`,
      );
      await writeFile(file, info.message);
      return { messageId: info.messageId, receipt: file };
    }
    return { messageId: info.messageId, receipt: info.response ?? '' };
  }

  onModuleDestroy(): void {
    this.transporter.close();
  }
}

function safeName(messageId: string): string {
  return messageId.replace(/[^A-Za-z0-9@._-]/g, '');
}

function toDeliveryError(err: unknown): MailDeliveryError {
  const e = err as { message?: string; responseCode?: number; code?: string };
  const code = typeof e.responseCode === 'number' ? e.responseCode : undefined;
  // 5xx from the server (mailbox unknown, rejected) and malformed addresses never succeed on retry.
  const permanent = (code !== undefined && code >= 500) || e.code === 'EENVELOPE';
  return new MailDeliveryError(e.message ?? String(err), permanent, code);
}
