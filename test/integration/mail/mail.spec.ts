import { readdirSync, readFileSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { MailDeliveryError, MailService } from '../../../src/mail/mail.service';
import { startTestApp, TestApp } from '../../support/test-app';

interface Received {
  from: string;
  to: string[];
  raw: string;
}

/** A real SMTP server on a free port that keeps what it receives and refuses one address with a 550. */
async function smtpServer(): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (address.address.startsWith('nobody@')) {
        const err = new Error('mailbox unavailable') as Error & { responseCode: number };
        err.responseCode = 550;
        return callback(err);
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { url: `smtp://127.0.0.1:${port}`, received, close: () => new Promise((r) => server.close(() => r())) };
}

describe('mail over SMTP', () => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof smtpServer>>;
  beforeAll(async () => {
    smtp = await smtpServer();
    t = await startTestApp({ env: { SMTP_URL: smtp.url, MAIL_FROM: 'Amparo <reminders@amparo.test>' } });
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  it('delivers text and HTML with extra headers to a real SMTP server', async () => {
    const mail = t.app.get(MailService);
    expect(mail.transportKind).toBe('smtp');
    const sent = await mail.send({
      to: 'family@example.org',
      subject: 'Audiencia el martes',
      text: 'Hola Ana',
      html: '<p>Hola Ana</p>',
      headers: { 'List-Unsubscribe': '<https://amparo.test/unsubscribe/abc>' },
    });
    expect(sent.messageId).toMatch(/^<.+>$/);
    expect(smtp.received).toHaveLength(1);
    const [message] = smtp.received;
    expect(message).toMatchObject({ from: 'reminders@amparo.test', to: ['family@example.org'] });
    expect(message.raw).toContain('List-Unsubscribe: <https://amparo.test/unsubscribe/abc>');
    expect(message.raw).toContain('Hola Ana');
    expect(message.raw).toMatch(/Content-Type: text\/html/);
  });

  it('reports a 5xx refusal as a permanent failure', async () => {
    const mail = t.app.get(MailService);
    const error = await mail.send({ to: 'nobody@example.org', subject: 's', text: 't' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MailDeliveryError);
    expect(error).toMatchObject({ permanent: true, responseCode: 550 });
  });
});

describe('mail without SMTP_URL', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('writes each message as an .eml file in the outbox', async () => {
    const mail = t.app.get(MailService);
    expect(mail.transportKind).toBe('outbox');
    const sent = await mail.send({ to: 'sponsor@example.org', subject: 'Rappel', text: 'Bonjour' });
    const outbox = t.config.mail.outboxDir;
    const files = readdirSync(outbox);
    expect(files).toHaveLength(1);
    expect(sent.receipt).toBe(join(outbox, files[0]));
    const eml = readFileSync(sent.receipt, 'utf8');
    expect(eml).toContain('To: sponsor@example.org');
    expect(eml).toContain('Subject: Rappel');
    expect(eml).toContain('Bonjour');
  });
});
