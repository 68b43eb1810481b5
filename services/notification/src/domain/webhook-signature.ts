import { createHmac, timingSafeEqual } from "node:crypto";

/** WIRE NAMES: the headers of a webhook delivery. Receivers read them; never rename one. */
export const WEBHOOK_HEADERS = {
  signature: "Marketplace-Signature",
  eventId: "Marketplace-Event-Id",
  eventType: "Marketplace-Event-Type",
} as const;

/** Replays older (or timestamps further in the future) than this are refused by default. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

/** Hex HMAC-SHA256 of `<timestamp>.<raw body>` with the endpoint's secret. */
function hmac(secret: string, timestamp: number, body: string | Buffer): string {
  return createHmac("sha256", secret).update(`${timestamp}.`).update(body).digest("hex");
}

/** The `Marketplace-Signature` header: `t=<unix seconds>,v1=<hex hmac of "<t>.<raw body>">`. */
export function signWebhook(secret: string, timestamp: number, body: string | Buffer): string {
  return `t=${timestamp},v1=${hmac(secret, timestamp, body)}`;
}

export type WebhookVerification =
  | { ok: true; timestamp: number }
  | { ok: false; reason: "malformed-header" | "timestamp-out-of-tolerance" | "bad-signature" };

/**
 * What a receiver does with a delivery: parses the header, refuses a timestamp more than
 * `toleranceSeconds` away from `now` (a replay, or a wrong clock), and compares the signature
 * in constant time. Several `v1=` values are accepted (one must match), for secret rotation.
 */
export function verifyWebhook(input: {
  header: string | undefined | null;
  body: string | Buffer;
  secret: string;
  now: Date;
  toleranceSeconds?: number;
}): WebhookVerification {
  const tolerance = input.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of (input.header ?? "").split(",")) {
    const [key, value, ...rest] = part.trim().split("=");
    if (rest.length > 0 || value === undefined) return { ok: false, reason: "malformed-header" };
    if (key === "t" && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    else if (key === "v1" && /^[0-9a-f]{64}$/.test(value)) signatures.push(value);
  }
  if (timestamp === undefined || signatures.length === 0) return { ok: false, reason: "malformed-header" };
  if (Math.abs(Math.floor(input.now.getTime() / 1000) - timestamp) > tolerance)
    return { ok: false, reason: "timestamp-out-of-tolerance" };
  const expected = Buffer.from(hmac(input.secret, timestamp, input.body), "hex");
  const matches = signatures.some((signature) => timingSafeEqual(Buffer.from(signature, "hex"), expected));
  return matches ? { ok: true, timestamp } : { ok: false, reason: "bad-signature" };
}
