import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';

/**
 * One Content-Security-Policy for the API and the pages it serves (/docs, /admin/queues, /unsubscribe): scripts
 * only from this origin (Swagger UI and Bull Board load theirs as files; no inline script runs), inline styles
 * allowed (both UIs set style attributes), Bull Board's web font from Google Fonts, no framing, no plugins.
 */
const CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  baseUri: ["'self'"],
  scriptSrc: ["'self'"],
  scriptSrcAttr: ["'none'"],
  styleSrc: ["'self'", "'unsafe-inline'", 'https://fonts.googleapis.com'],
  fontSrc: ["'self'", 'data:', 'https://fonts.gstatic.com'],
  imgSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  // Only behind TLS (see hsts below): on plain http://localhost it would break every asset.
  upgradeInsecureRequests: null,
};

/** Files that are the same for everyone and hold no personal data: browsers may cache them. */
const PUBLIC_ASSET = /^\/(?:docs\/[^/?]+\.(?:js|css|png|ico|map)|admin\/queues\/static\/)/;

/**
 * Security headers on every response (helmet): CSP, X-Content-Type-Options: nosniff, X-Frame-Options: DENY,
 * Referrer-Policy: no-referrer, and Strict-Transport-Security when the request came over TLS (directly, or as a
 * trusted proxy's X-Forwarded-Proto says: TRUST_PROXY) or PUBLIC_BASE_URL is https. Every response but public
 * assets gets Cache-Control: no-store, so personal data stays out of browser and proxy caches.
 */
export function securityHeaders(options: { publicBaseUrl: string }) {
  const headers = helmet({
    contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: false,
    crossOriginEmbedderPolicy: false,
  });
  const hsts = helmet.strictTransportSecurity({ maxAge: 31_536_000, includeSubDomains: true });
  const alwaysTls = options.publicBaseUrl.startsWith('https:');
  return (req: Request, res: Response, next: NextFunction): void => {
    if (!PUBLIC_ASSET.test(req.path)) res.setHeader('Cache-Control', 'no-store');
    headers(req, res, (err?: unknown) => {
      if (err) return next(err);
      if (alwaysTls || req.secure) return hsts(req, res, next);
      next();
    });
  };
}
