import { createHash, randomBytes } from "node:crypto";

/**
 * Refresh tokens: opaque random 32 bytes (base64url), stored only as their sha256 (a stolen
 * database holds no usable token). Each refresh retires the presented token and returns a new one
 * of the same family; presenting a retired token again means someone else holds a copy, so the
 * whole family is revoked (rotation with reuse detection, OAuth 2.0 Security BCP §4.14).
 */
export const REFRESH_TOKEN_TTL_MS = 30 * 24 * 60 * 60 * 1000;

export function generateOpaqueToken(bytes = 32): string {
  return randomBytes(bytes).toString("base64url");
}

export function sha256(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}

export interface RefreshTokenState {
  expiresAt: Date;
  /** Set when it was exchanged for a new one. */
  retiredAt: Date | null;
  /** Set when its family was revoked (logout, reuse detected). */
  revokedAt: Date | null;
}

export type RefreshDecision = "rotate" | "reuse-detected" | "revoked" | "expired";

/** What to do with a presented refresh token, as a pure function of its stored state and the time. */
export function decideRefresh(token: RefreshTokenState, now: Date): RefreshDecision {
  if (token.revokedAt) return "revoked";
  if (token.retiredAt) return "reuse-detected";
  if (token.expiresAt.getTime() <= now.getTime()) return "expired";
  return "rotate";
}
