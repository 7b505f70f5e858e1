import { SMTPServer, SMTPServerAddress, SMTPServerSession } from 'smtp-server';
import { freePort } from '../../src/database/embedded-postgres';

/** One message as received, decoded enough for assertions (headers, subject, text and HTML parts). */
export interface SinkMessage {
  from: string;
  to: string[];
  headers: Map<string, string>;
  subject: string;
  text: string;
  html: string;
  raw: string;
  receivedAt: Date;
}

export interface SmtpSinkOptions {
  /** Wait this long before accepting each recipient: makes a batch last long enough to interrupt it. */
  delayMs?: number;
  /** Addresses answered 550 (permanent failure) at RCPT TO. */
  rejectPermanently?: (address: string) => boolean;
  /** Addresses answered 451 (try again later) at RCPT TO while this returns true. */
  rejectTemporarily?: (address: string) => boolean;
}

export interface SmtpSink {
  url: string;
  port: number;
  messages: SinkMessage[];
  /** Resolves once `predicate` holds for the messages received so far. */
  waitFor(predicate: (messages: SinkMessage[]) => boolean, timeoutMs?: number, what?: string): Promise<void>;
  /** Messages carrying the X-Amparo-Reminder header with this id. */
  forReminder(id: string): SinkMessage[];
  clear(): void;
  close(): Promise<void>;
}

/** A real SMTP server (the `smtp-server` package) on a free local port that keeps every message it accepts. */
export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const messages: SinkMessage[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    disableReverseLookup: true,
    logger: false,
    size: 10 * 1024 * 1024,
    onRcptTo(
      address: SMTPServerAddress,
      _session: SMTPServerSession,
      callback: (err?: Error | null) => void,
    ) {
      const answer = () => {
        if (options.rejectPermanently?.(address.address)) {
          return callback(Object.assign(new Error('mailbox unavailable'), { responseCode: 550 }));
        }
        if (options.rejectTemporarily?.(address.address)) {
          return callback(Object.assign(new Error('try again later'), { responseCode: 451 }));
        }
        callback();
      };
      if (options.delayMs) setTimeout(answer, options.delayMs);
      else answer();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const parsed = parseMessage(raw);
        messages.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          headers: parsed.headers,
          subject: decodeWords(parsed.headers.get('subject') ?? ''),
          text: parsed.text,
          html: parsed.html,
          raw,
          receivedAt: new Date(),
        });
        callback();
      });
    },
  });
  const port = await freePort();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  server.on('error', () => undefined);
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    messages,
    async waitFor(predicate, timeoutMs = 60_000, what = 'messages') {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(messages)) {
        if (Date.now() > deadline)
          throw new Error(`timed out waiting for ${what} (${messages.length} received)`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    forReminder: (id) => messages.filter((m) => m.headers.get('x-amparo-reminder') === id),
    clear: () => {
      messages.length = 0;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

interface Part {
  headers: Map<string, string>;
  text: string;
  html: string;
}

function parseHeaders(block: string): Map<string, string> {
  const headers = new Map<string, string>();
  const unfolded = block.replace(/\r?\n[ \t]+/g, ' ');
  for (const line of unfolded.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return headers;
}

function decodeBody(body: string, encoding: string | undefined): string {
  const kind = (encoding ?? '7bit').toLowerCase();
  if (kind === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (kind === 'quoted-printable') {
    const soft = body.replace(/=\r?\n/g, '');
    const bytes: number[] = [];
    for (let i = 0; i < soft.length; i++) {
      if (soft[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(soft.slice(i + 1, i + 3))) {
        bytes.push(parseInt(soft.slice(i + 1, i + 3), 16));
        i += 2;
      } else {
        bytes.push(...Buffer.from(soft[i], 'utf8'));
      }
    }
    return Buffer.from(bytes).toString('utf8');
  }
  return body;
}

function parseMessage(raw: string): Part {
  const split = raw.search(/\r?\n\r?\n/);
  const headerBlock = split >= 0 ? raw.slice(0, split) : raw;
  const body = split >= 0 ? raw.slice(split).replace(/^\r?\n\r?\n/, '') : '';
  const headers = parseHeaders(headerBlock);
  const type = headers.get('content-type') ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (/^multipart\//i.test(type) && boundary) {
    const result: Part = { headers, text: '', html: '' };
    const pieces = body.split(`--${boundary}`).slice(1);
    for (const piece of pieces) {
      if (piece.startsWith('--')) break;
      const part = parseMessage(piece.replace(/^\r?\n/, ''));
      result.text ||= part.text;
      result.html ||= part.html;
    }
    return result;
  }
  const decoded = decodeBody(body, headers.get('content-transfer-encoding'));
  return /^text\/html/i.test(type)
    ? { headers, text: '', html: decoded }
    : { headers, text: decoded.replace(/\r\n/g, '\n'), html: '' };
}

/** RFC 2047 encoded words (=?UTF-8?Q?...?= / =?UTF-8?B?...?=), as nodemailer writes non-ASCII subjects. */
export function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_m, _charset: string, kind: string, text: string) => {
      if (kind.toUpperCase() === 'B') return Buffer.from(text, 'base64').toString('utf8');
      return decodeBody(text.replace(/_/g, ' '), 'quoted-printable');
    });
}
