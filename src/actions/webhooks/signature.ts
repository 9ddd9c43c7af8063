import crypto from 'crypto';

/** The header every delivery carries (SPEC §6.3). */
export const SIGNATURE_HEADER = 'X-Switchboard-Signature';

/** `sha256=<hex HMAC-SHA256 of the raw body with the webhook's secret>`. */
export function signBody(secret: string, body: string | Buffer): string {
  return `sha256=${crypto.createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** Checks a signature header against the raw body, in constant time. */
export function verifySignature(secret: string, body: string | Buffer, header: string | undefined | null): boolean {
  if (!header) return false;
  const want = Buffer.from(signBody(secret, body));
  const got = Buffer.from(header);
  return want.length === got.length && crypto.timingSafeEqual(want, got);
}

/** A fresh secret for a webhook that was given none: 32 random bytes, hex. */
export const newWebhookSecret = () => crypto.randomBytes(32).toString('hex');
