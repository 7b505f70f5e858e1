import { Inject, Injectable } from '@nestjs/common';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { CHANNELS, type Channel } from './planning';

export interface StopLinkClaims {
  /** 'child:<id>', 'sponsor:<id>', 'attorney:<userId>', 'coordinator:<userId>'. */
  recipientKey: string;
  channel: Channel;
  /** Language of the confirmation page (ISO 639-3). */
  language: string;
  /** The reminder the link came in, if any (kept with the stop for the record). */
  reminderId?: string;
}

interface Payload {
  k: string;
  c: Channel;
  l: string;
  r?: string;
}

/**
 * Signed stop links: `<PUBLIC_BASE_URL>/unsubscribe/<payload>.<hmac>`. The payload says who and which channel
 * (no contact data); the HMAC (SHA-256, key derived from JWT_SECRET, or BLIND_INDEX_KEY) makes it unforgeable.
 * Links do not expire: a family must be able to stop reminders from an old message.
 */
@Injectable()
export class StopLinks {
  private readonly key: Buffer;
  private readonly baseUrl: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    const secret = config.auth.jwtSecret ?? config.crypto.blindIndexKey;
    if (!secret) throw new Error('stop links need JWT_SECRET or BLIND_INDEX_KEY');
    this.key = createHmac('sha256', secret).update('amparo:stop-link:v1').digest();
    this.baseUrl = config.http.publicBaseUrl;
  }

  token(claims: StopLinkClaims): string {
    const payload: Payload = { k: claims.recipientKey, c: claims.channel, l: claims.language };
    if (claims.reminderId) payload.r = claims.reminderId;
    const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
    return `${body}.${this.sign(body)}`;
  }

  url(claims: StopLinkClaims): string {
    return `${this.baseUrl}/unsubscribe/${this.token(claims)}`;
  }

  /** The claims of a genuine token; undefined for anything else (forged, truncated, garbage). */
  verify(token: string): StopLinkClaims | undefined {
    const [body, signature, extra] = token.split('.');
    if (!body || !signature || extra !== undefined) return undefined;
    const expected = Buffer.from(this.sign(body));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    try {
      const payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Partial<Payload>;
      if (typeof payload.k !== 'string' || !CHANNELS.includes(payload.c as Channel)) return undefined;
      return {
        recipientKey: payload.k,
        channel: payload.c as Channel,
        language: typeof payload.l === 'string' && /^[a-z]{3}$/.test(payload.l) ? payload.l : 'eng',
        reminderId: typeof payload.r === 'string' ? payload.r : undefined,
      };
    } catch {
      return undefined;
    }
  }

  private sign(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url');
  }
}
