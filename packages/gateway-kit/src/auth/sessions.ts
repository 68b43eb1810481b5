import { DomainError, uuidv7, type Clock, type Database, type PrismaLike, type SqlClient } from "@mkt/service-kit";
import {
  decideRefresh,
  generateOpaqueToken,
  REFRESH_TOKEN_TTL_MS,
  sha256,
  type RefreshDecision,
} from "./refresh-tokens.js";

/**
 * The gateways' sessions (refresh-token families) and login throttling, in two tables every
 * gateway declares identically in its own schema (`auth_session`, `auth_login_failure`), reached
 * with parameterised SQL like the kit's platform tables. Counting failures in the database makes
 * the limit hold across replicas.
 */
export interface IssuedRefreshToken {
  refreshToken: string;
  familyId: string;
  expiresAt: Date;
}

export type RotateResult =
  | { ok: true; subjectId: string; next: IssuedRefreshToken }
  | { ok: false; reason: Exclude<RefreshDecision, "rotate"> | "unknown" };

interface SessionRow {
  id: string;
  family_id: string;
  subject_id: string;
  expires_at: Date;
  retired_at: Date | null;
  revoked_at: Date | null;
}

export function createSessionStore(options: { clock: Clock; ttlMs?: number }) {
  const ttlMs = options.ttlMs ?? REFRESH_TOKEN_TTL_MS;
  /** A new refresh token, in a new family unless `familyId` continues one. */
  async function start(
    sql: SqlClient,
    subjectId: string,
    familyId: string = uuidv7(options.clock.now().getTime()),
  ): Promise<IssuedRefreshToken> {
    const now = options.clock.now();
    const refreshToken = generateOpaqueToken();
    const expiresAt = new Date(now.getTime() + ttlMs);
    await sql.$executeRawUnsafe(
      `INSERT INTO auth_session (id, family_id, subject_id, token_hash, issued_at, expires_at) VALUES ($1::uuid, $2::uuid, $3, $4, $5, $6)`,
      uuidv7(now.getTime()),
      familyId,
      subjectId,
      sha256(refreshToken),
      now,
      expiresAt,
    );
    return { refreshToken, familyId, expiresAt };
  }

  return {
    start,

    /**
     * Exchanges a refresh token for a new one of the same family. A token presented a second
     * time revokes its whole family (committed even though the caller gets a 401).
     */
    async rotate<C extends PrismaLike>(db: Database<C>, refreshToken: string): Promise<RotateResult> {
      return db.transaction(async (tx) => {
        const sql = tx as unknown as SqlClient;
        const now = options.clock.now();
        const [row] = await sql.$queryRawUnsafe<SessionRow[]>(
          `SELECT id, family_id, subject_id, expires_at, retired_at, revoked_at FROM auth_session WHERE token_hash = $1 FOR UPDATE`,
          sha256(refreshToken),
        );
        if (!row) return { ok: false, reason: "unknown" } as const;
        const decision = decideRefresh(
          { expiresAt: row.expires_at, retiredAt: row.retired_at, revokedAt: row.revoked_at },
          now,
        );
        if (decision === "reuse-detected") {
          await sql.$executeRawUnsafe(
            `UPDATE auth_session SET revoked_at = $2 WHERE family_id = $1::uuid AND revoked_at IS NULL`,
            row.family_id,
            now,
          );
        }
        if (decision !== "rotate") return { ok: false, reason: decision } as const;
        await sql.$executeRawUnsafe(`UPDATE auth_session SET retired_at = $2 WHERE id = $1::uuid`, row.id, now);
        const next = await start(sql, row.subject_id, row.family_id);
        return { ok: true, subjectId: row.subject_id, next } as const;
      });
    },

    /** Logout: revokes the family of the token (unknown tokens are ignored: logging out twice is fine). */
    async revoke(sql: SqlClient, refreshToken: string): Promise<void> {
      const now = options.clock.now();
      await sql.$executeRawUnsafe(
        `UPDATE auth_session SET revoked_at = $2 WHERE revoked_at IS NULL AND family_id = (SELECT family_id FROM auth_session WHERE token_hash = $1)`,
        sha256(refreshToken),
        now,
      );
    },
  };
}
export type SessionStore = ReturnType<typeof createSessionStore>;

/** 429 with the seconds to wait (the route sets `Retry-After` from `retryAfterSeconds`). */
export class TooManyAttempts extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super({
      slug: "too-many-attempts",
      status: 429,
      title: "Too many attempts",
      detail: `Too many failed sign-in attempts; try again in ${retryAfterSeconds} seconds.`,
      extensions: { retryAfterSeconds },
    });
  }
}

export interface ThrottlePolicy {
  /** Failures allowed per key within the window. */
  limit: number;
  windowMs: number;
}
export const LOGIN_THROTTLE: ThrottlePolicy = { limit: 5, windowMs: 15 * 60 * 1000 };

/**
 * Pure rule: given a key's failure times, how long the caller must wait (0 = may try). Blocked
 * while `limit` failures lie in the last window; free again when the oldest of them leaves it.
 */
export function throttleWaitMs(failures: readonly Date[], now: Date, policy: ThrottlePolicy = LOGIN_THROTTLE): number {
  const recent = failures
    .map((f) => f.getTime())
    .filter((t) => t > now.getTime() - policy.windowMs)
    .sort((a, b) => b - a);
  if (recent.length < policy.limit) return 0;
  const oldestCounted = recent[policy.limit - 1]!;
  return Math.max(1, oldestCounted + policy.windowMs - now.getTime());
}

export function createLoginThrottle(options: { clock: Clock; policy?: ThrottlePolicy }) {
  const policy = options.policy ?? LOGIN_THROTTLE;
  return {
    /** Throws TooManyAttempts when any of the keys (e.g. `email:…`, `ip:…`) is over its limit. */
    async check(sql: SqlClient, keys: readonly string[]): Promise<void> {
      const now = options.clock.now();
      const since = new Date(now.getTime() - policy.windowMs);
      const rows = await sql.$queryRawUnsafe<{ key: string; failed_at: Date }[]>(
        `SELECT key, failed_at FROM auth_login_failure WHERE key = ANY($1::text[]) AND failed_at > $2`,
        [...keys],
        since,
      );
      let waitMs = 0;
      for (const key of keys)
        waitMs = Math.max(
          waitMs,
          throttleWaitMs(
            rows.filter((r) => r.key === key).map((r) => r.failed_at),
            now,
            policy,
          ),
        );
      if (waitMs > 0) throw new TooManyAttempts(Math.ceil(waitMs / 1000));
    },
    /** Records a failure under each key; returns the rows' ids (see `forget`). */
    async recordFailure(sql: SqlClient, keys: readonly string[]): Promise<string[]> {
      const now = options.clock.now();
      const ids: string[] = [];
      for (const key of keys) {
        const id = uuidv7(now.getTime());
        await sql.$executeRawUnsafe(
          `INSERT INTO auth_login_failure (id, key, failed_at) VALUES ($1::uuid, $2, $3)`,
          id,
          key,
          now,
        );
        ids.push(id);
      }
      // Housekeeping: rows older than the window no longer count.
      await sql.$executeRawUnsafe(
        `DELETE FROM auth_login_failure WHERE failed_at < $1`,
        new Date(now.getTime() - policy.windowMs),
      );
      return ids;
    },
    /** Withdraws failures recorded in advance for an attempt that succeeded. */
    async forget(sql: SqlClient, ids: readonly string[]): Promise<void> {
      await sql.$executeRawUnsafe(`DELETE FROM auth_login_failure WHERE id = ANY($1::uuid[])`, [...ids]);
    },
    /** After a successful login: the account's failures stop counting (the IP's still do). */
    async clear(sql: SqlClient, keys: readonly string[]): Promise<void> {
      await sql.$executeRawUnsafe(`DELETE FROM auth_login_failure WHERE key = ANY($1::text[])`, [...keys]);
    },
  };
}
export type LoginThrottle = ReturnType<typeof createLoginThrottle>;
