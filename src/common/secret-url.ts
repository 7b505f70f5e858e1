/**
 * Some URLs are credentials: a calendar feed (`/calendar/<token>.ics`), a stop link (`/unsubscribe/<token>`),
 * the queue dashboard's `?token=<access token>`, and any future reset or invitation link. Whatever writes a URL
 * to a log line or a metrics label passes it through here first.
 */

// The segment after one of these is a secret, whatever it looks like.
const SECRET_AFTER = new Set([
  'unsubscribe',
  'reset',
  'reset-password',
  'password-reset',
  'verify',
  'invite',
  'invitation',
  'magic-link',
  'token',
  'tokens',
]);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Long random-looking segments (base64url, hex, JWTs) are tokens even on routes not listed above.
const TOKEN_LIKE = /^[A-Za-z0-9_~%+=.-]{20,}$/;

function maskSegment(segment: string, previous: string | undefined): string {
  if (segment === '' || segment.startsWith(':') || UUID.test(segment)) return segment;
  if (previous !== undefined && SECRET_AFTER.has(previous.toLowerCase())) return '[token]';
  if (previous?.toLowerCase() === 'calendar' && segment.toLowerCase().endsWith('.ics')) return '[token].ics';
  return TOKEN_LIKE.test(segment) && /\d/.test(segment) && /[A-Za-z]/.test(segment) ? '[token]' : segment;
}

/** The path of a URL with every secret segment replaced by `[token]`; the query string is dropped. */
export function maskSecretPath(url: string): string {
  const path = url.split(/[?#]/)[0];
  const segments = path.split('/');
  return segments.map((s, i) => maskSegment(s, i > 0 ? segments[i - 1] : undefined)).join('/');
}

/** The URL with secret path segments masked and every query value replaced by `[redacted]` (names stay). */
export function maskSecretUrl(url: string): string {
  const [beforeHash] = url.split('#');
  const q = beforeHash.indexOf('?');
  const path = maskSecretPath(q < 0 ? beforeHash : beforeHash.slice(0, q));
  if (q < 0) return path;
  const names = beforeHash
    .slice(q + 1)
    .split('&')
    .filter(Boolean)
    .map((pair) => `${pair.split('=')[0]}=[redacted]`);
  return names.length ? `${path}?${names.join('&')}` : path;
}
