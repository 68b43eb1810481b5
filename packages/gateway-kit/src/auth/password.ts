import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from "node:crypto";

/**
 * Password hashing with scrypt (memory-hard, in node:crypto: no native build, unlike argon2).
 * Stored as a self-describing string `scrypt$N$r$p$salt$hash` (salt and hash in base64url), so
 * the cost can be raised later and old hashes still verify with the parameters they name.
 */
export const PASSWORD_HASH_PARAMS = { N: 2 ** 15, r: 8, p: 1, saltBytes: 16, keyBytes: 32 } as const;

function scrypt(password: string, salt: Buffer, keyBytes: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // 128 * N * r bytes of memory (32 MiB at N=2^15, r=8): above node's default maxmem of 32 MiB.
    scryptCallback(
      password.normalize("NFKC"),
      salt,
      keyBytes,
      { ...options, maxmem: 256 * (options.N ?? 0) * (options.r ?? 8) + 1024 * 1024 },
      (error, key) => (error ? reject(error) : resolve(key)),
    );
  });
}

export async function hashPassword(
  password: string,
  params: { N: number; r: number; p: number } = PASSWORD_HASH_PARAMS,
): Promise<string> {
  const salt = randomBytes(PASSWORD_HASH_PARAMS.saltBytes);
  const key = await scrypt(password, salt, PASSWORD_HASH_PARAMS.keyBytes, { N: params.N, r: params.r, p: params.p });
  return ["scrypt", params.N, params.r, params.p, salt.toString("base64url"), key.toString("base64url")].join("$");
}

/** True when `password` matches `stored`; false for a wrong password or a malformed hash (never throws on those). */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split("$");
  if (parts.length !== 6 || parts[0] !== "scrypt") return false;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![N, r, p].every((n) => Number.isInteger(n) && n > 0) || N > 2 ** 20 || r > 32 || p > 16) return false;
  const salt = Buffer.from(parts[4]!, "base64url");
  const expected = Buffer.from(parts[5]!, "base64url");
  if (salt.length === 0 || expected.length === 0) return false;
  const actual = await scrypt(password, salt, expected.length, { N, r, p });
  return timingSafeEqual(actual, expected);
}

/**
 * A hash of a random password, verified against when the account does not exist: login then
 * takes as long for an unknown email as for a wrong password (no account enumeration by timing).
 */
let decoy: Promise<string> | undefined;
export function decoyPasswordHash(): Promise<string> {
  decoy ??= hashPassword(randomBytes(16).toString("hex"));
  return decoy;
}

/** Why a password is refused, or undefined when it is acceptable (length is what matters most, NIST SP 800-63B). */
export function passwordWeakness(password: string, options: { minLength?: number } = {}): string | undefined {
  const minLength = options.minLength ?? 12;
  if (password.length < minLength) return `must be at least ${minLength} characters`;
  if (password.length > 256) return "must be at most 256 characters";
  if (new Set(password).size < 4) return "must not repeat the same few characters";
  return undefined;
}
