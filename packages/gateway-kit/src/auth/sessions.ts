import { DomainError, uuidv7, type Clock, type Database, type PrismaLike, type SqlClient } from "@mkt/service-kit";
import {
  decideRefresh,
  generateOpaqueToken,
  REFRESH_TOKEN_TTL_MS,
  sha256,
  type RefreshDecision,
} from "./refresh-tokens.js";

/**
 * The gateways' sessions (refresh-token families) and sign-in throttling, in two tables every
 * gateway declares identically in its own schema (`auth_session`, `auth_login_failure`), reached
 * with parameterised SQL like the kit's platform tables. Counting failures in the database makes
 * the limits hold across replicas.
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
  constructor(
    readonly retryAfterSeconds: number,
    detail = `Too many failed sign-in attempts; try again in ${retryAfterSeconds} seconds.`,
  ) {
    super({
      slug: "too-many-attempts",
      status: 429,
      title: "Too many attempts",
      detail,
      extensions: { retryAfterSeconds },
    });
  }
}

const MINUTE = 60 * 1000;
const HOUR = 60 * MINUTE;

/**
 * The numbers of the sign-in throttle (OWASP's authentication guidance; README "Sign-in limits"):
 * - `pair`: failures for one account from one address. `free` of them cost nothing; after that each
 *   attempt from that pair waits `baseDelayMs` after the last failure, doubling with every further
 *   failure, at most `maxDelayMs`. A slowdown, not a lock: it never stops the owner's correct
 *   password from another address.
 * - `account`: failures for one account from every address. Past `ceiling`, the account's pairs
 *   get one free failure only, and their delays double once more for every further `ceiling`
 *   failures: distributed guessing grows slower and slower, and nothing is locked forever.
 * - `address`: failed password checks from one address across every account (credential stuffing):
 *   at most `limit` per `windowMs`, then 429 until the oldest leaves the window.
 * - `signUp`: accounts (or applications) created from one address, at most `limit` per `windowMs`.
 * Failures older than `windowMs` are forgotten; a correct password clears its own pair.
 */
export interface SignInLimits {
  pair: { free: number; baseDelayMs: number; maxDelayMs: number; windowMs: number };
  account: { ceiling: number; windowMs: number };
  address: { limit: number; windowMs: number };
  signUp: { limit: number; windowMs: number };
}
export const SIGN_IN_LIMITS: SignInLimits = {
  pair: { free: 5, baseDelayMs: 30 * 1000, maxDelayMs: HOUR, windowMs: 24 * HOUR },
  account: { ceiling: 20, windowMs: 24 * HOUR },
  address: { limit: 100, windowMs: HOUR },
  signUp: { limit: 20, windowMs: HOUR },
};

/** The keys a password attempt is counted under (WIRE NAME: stored in `auth_login_failure.key`). */
export const throttleKeys = {
  pair: (email: string, address: string) => `pair:${email.toLowerCase()}|${address}`,
  account: (email: string) => `account:${email.toLowerCase()}`,
  address: (address: string) => `address:${address}`,
  signUp: (address: string) => `signup:${address}`,
};

const within = (times: readonly Date[], now: Date, windowMs: number): number[] =>
  times
    .map((t) => t.getTime())
    .filter((t) => t > now.getTime() - windowMs && t <= now.getTime())
    .sort((a, b) => b - a);

/**
 * Pure rule for a fixed-window limit: blocked while `limit` events lie in the last window; free
 * again when the oldest of them leaves it. Returns the milliseconds to wait (0 = may go on).
 */
export function windowWaitMs(events: readonly Date[], now: Date, policy: { limit: number; windowMs: number }): number {
  const recent = within(events, now, policy.windowMs);
  if (recent.length < policy.limit) return 0;
  const oldestCounted = recent[policy.limit - 1]!;
  return Math.max(1, oldestCounted + policy.windowMs - now.getTime());
}

/**
 * Pure rule for one password attempt: how long the caller must wait (0 = the password is checked),
 * and why. `pair` are this account's failures from this address, `account` its failures from
 * every address, `address` this address's failures on every account.
 */
export function passwordAttemptWait(
  failures: { pair: readonly Date[]; account: readonly Date[]; address: readonly Date[] },
  now: Date,
  limits: SignInLimits = SIGN_IN_LIMITS,
): { waitMs: number; reason?: "address" | "account" } {
  const fromAddress = windowWaitMs(failures.address, now, limits.address);
  const pair = within(failures.pair, now, limits.pair.windowMs);
  const account = within(failures.account, now, limits.account.windowMs).length;
  const overCeiling = account >= limits.account.ceiling;
  const free = overCeiling ? 1 : limits.pair.free;
  let fromPair = 0;
  if (pair.length >= free) {
    const doublings =
      pair.length -
      free +
      (overCeiling ? 1 + Math.floor((account - limits.account.ceiling) / limits.account.ceiling) : 0);
    const delay = Math.min(limits.pair.maxDelayMs, limits.pair.baseDelayMs * 2 ** Math.min(doublings, 30));
    fromPair = Math.max(0, pair[0]! + delay - now.getTime());
  }
  if (fromAddress === 0 && fromPair === 0) return { waitMs: 0 };
  return fromAddress >= fromPair ? { waitMs: fromAddress, reason: "address" } : { waitMs: fromPair, reason: "account" };
}

async function eventsOf(sql: SqlClient, keys: readonly string[], since: Date): Promise<Map<string, Date[]>> {
  const rows = await sql.$queryRawUnsafe<{ key: string; failed_at: Date }[]>(
    `SELECT key, failed_at FROM auth_login_failure WHERE key = ANY($1::text[]) AND failed_at > $2`,
    [...keys],
    since,
  );
  const byKey = new Map<string, Date[]>(keys.map((key) => [key, []]));
  for (const row of rows) byKey.get(row.key)?.push(row.failed_at);
  return byKey;
}

/**
 * The sign-in throttle, counted in the gateway's `auth_login_failure` table (one row per failure
 * or sign-up, under the keys of `throttleKeys`) so the limits hold across replicas.
 */
export function createLoginThrottle(options: { clock: Clock; limits?: SignInLimits }) {
  const limits = options.limits ?? SIGN_IN_LIMITS;
  const longestWindowMs = Math.max(
    limits.pair.windowMs,
    limits.account.windowMs,
    limits.address.windowMs,
    limits.signUp.windowMs,
  );

  async function record(sql: SqlClient, keys: readonly string[]): Promise<string[]> {
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
    // Housekeeping: rows older than every window no longer count.
    await sql.$executeRawUnsafe(
      `DELETE FROM auth_login_failure WHERE failed_at < $1`,
      new Date(now.getTime() - longestWindowMs),
    );
    return ids;
  }

  return {
    limits,

    /** Throws TooManyAttempts when this password attempt must wait (see `passwordAttemptWait`). */
    async checkPassword(sql: SqlClient, email: string, address: string): Promise<void> {
      const now = options.clock.now();
      const keys = [throttleKeys.pair(email, address), throttleKeys.account(email), throttleKeys.address(address)];
      const events = await eventsOf(sql, keys, new Date(now.getTime() - longestWindowMs));
      const { waitMs, reason } = passwordAttemptWait(
        { pair: events.get(keys[0]!)!, account: events.get(keys[1]!)!, address: events.get(keys[2]!)! },
        now,
        limits,
      );
      if (waitMs === 0) return;
      const seconds = Math.ceil(waitMs / 1000);
      throw new TooManyAttempts(
        seconds,
        reason === "address"
          ? `Too many failed sign-in attempts from this address; try again in ${seconds} seconds.`
          : `Too many failed sign-in attempts; try again in ${seconds} seconds.`,
      );
    },

    /** Records a failure of a password attempt in advance under its three keys; returns the rows' ids (see `forget`). */
    async recordFailure(sql: SqlClient, email: string, address: string): Promise<string[]> {
      return record(sql, [
        throttleKeys.pair(email, address),
        throttleKeys.account(email),
        throttleKeys.address(address),
      ]);
    },

    /** Withdraws failures recorded in advance for an attempt whose password was right. */
    async forget(sql: SqlClient, ids: readonly string[]): Promise<void> {
      await sql.$executeRawUnsafe(`DELETE FROM auth_login_failure WHERE id = ANY($1::uuid[])`, [...ids]);
    },

    /**
     * After a correct password: this pair's failures stop counting. The account's and the address's
     * others still do, so the owner signing in does not reset an attacker's slowdown elsewhere.
     */
    async clearPair(sql: SqlClient, email: string, address: string): Promise<void> {
      await sql.$executeRawUnsafe(`DELETE FROM auth_login_failure WHERE key = $1`, throttleKeys.pair(email, address));
    },

    /**
     * Counts a failure of this address across accounts without a password check (e.g. a sign-up
     * with an existing email); throws TooManyAttempts once the address is over its limit.
     */
    async countAddressFailure(sql: SqlClient, address: string): Promise<void> {
      const now = options.clock.now();
      const key = throttleKeys.address(address);
      const events = await eventsOf(sql, [key], new Date(now.getTime() - limits.address.windowMs));
      const waitMs = windowWaitMs(events.get(key)!, now, limits.address);
      if (waitMs > 0) {
        const seconds = Math.ceil(waitMs / 1000);
        throw new TooManyAttempts(
          seconds,
          `Too many failed sign-in attempts from this address; try again in ${seconds} seconds.`,
        );
      }
      await record(sql, [key]);
    },

    /** Counts one sign-up from this address; throws TooManyAttempts once the address is over its limit. */
    async countSignUp(sql: SqlClient, address: string): Promise<void> {
      const now = options.clock.now();
      const key = throttleKeys.signUp(address);
      const events = await eventsOf(sql, [key], new Date(now.getTime() - limits.signUp.windowMs));
      const waitMs = windowWaitMs(events.get(key)!, now, limits.signUp);
      if (waitMs > 0) {
        const seconds = Math.ceil(waitMs / 1000);
        throw new TooManyAttempts(seconds, `Too many sign-ups from this address; try again in ${seconds} seconds.`);
      }
      await record(sql, [key]);
    },
  };
}
export type LoginThrottle = ReturnType<typeof createLoginThrottle>;
