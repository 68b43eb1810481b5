import { randomBytes, timingSafeEqual } from "node:crypto";
import { sha256 } from "./refresh-tokens.js";
import { uuidv7 } from "@mkt/service-kit";

/**
 * API keys look like `mkt_live_<id>_<secret>`: the id finds the row, the secret (32 random bytes,
 * base64url without `_`-ambiguity: hex) is checked against its stored sha256. The secret is shown
 * once, at creation; the prefix `mkt_live_<id>` is what lists show. WIRE FORMAT: clients store
 * these keys, changing the shape needs a migration plan.
 */
export const API_KEY_PREFIX = "mkt_live";
const KEY = /^mkt_live_([0-9a-f]{32})_([0-9a-f]{64})$/;

export interface GeneratedApiKey {
  /** The row id (a UUID). */
  id: string;
  /** What lists show: `mkt_live_<id>`. */
  prefix: string;
  /** The full key, returned to the caller once and never stored. */
  key: string;
  /** What the database stores. */
  secretHash: string;
}

export function generateApiKey(now: Date): GeneratedApiKey {
  const id = uuidv7(now.getTime());
  const compactId = id.replace(/-/g, "");
  const secret = randomBytes(32).toString("hex");
  const prefix = `${API_KEY_PREFIX}_${compactId}`;
  return { id, prefix, key: `${prefix}_${secret}`, secretHash: sha256(secret) };
}

/** The id and secret of something shaped like an API key, or undefined (then it is not one: try a JWT). */
export function parseApiKey(key: string): { id: string; secret: string } | undefined {
  const match = KEY.exec(key);
  if (!match) return undefined;
  const hex = match[1]!;
  const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  return { id, secret: match[2]! };
}

export function apiKeySecretMatches(secret: string, storedHash: string): boolean {
  const actual = Buffer.from(sha256(secret), "hex");
  const expected = Buffer.from(storedHash, "hex");
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** Whether `lastUsedAt` is worth a write now: at most once per `everyMs` per key, not on every request. */
export function shouldTouchLastUsed(lastUsedAt: Date | null, now: Date, everyMs = 60_000): boolean {
  return !lastUsedAt || now.getTime() - lastUsedAt.getTime() >= everyMs;
}
