import { NotFoundError } from "@mkt/service-kit";
import {
  apiKeySecretMatches,
  generateApiKey,
  parseApiKey,
  shouldTouchLastUsed,
  type AuthContext,
} from "@mkt/gateway-kit";
import type { ApiKey } from "../generated/prisma/client.js";
import type { ApiKeySummary } from "../http/endpoints.js";
import type { VendorApiDeps } from "./deps.js";
import { notWithApiKey } from "./errors.js";

export function presentApiKey(key: ApiKey): ApiKeySummary {
  return {
    id: key.id,
    name: key.name,
    prefix: key.prefix,
    createdAt: key.createdAt.toISOString(),
    lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
    revokedAt: key.revokedAt?.toISOString() ?? null,
  };
}

/** A new key for the caller's vendor; the whole key is in the answer and nowhere else. */
export async function createApiKey({ db, clock }: VendorApiDeps, caller: AuthContext, name: string) {
  // A key cannot mint keys: a leaked key must not outlive its revocation through a copy.
  if (caller.via !== "token")
    throw notWithApiKey("API keys are created by a signed-in vendor user, not with an API key.");
  const now = clock.now();
  const generated = generateApiKey(now);
  const key = await db.client.apiKey.create({
    data: {
      id: generated.id,
      vendorId: caller.vendorId!,
      createdBy: caller.subject,
      name,
      prefix: generated.prefix,
      secretHash: generated.secretHash,
      createdAt: now,
    },
  });
  return { id: key.id, name: key.name, prefix: key.prefix, createdAt: key.createdAt.toISOString(), key: generated.key };
}

export async function listApiKeys({ db }: VendorApiDeps, vendorId: string) {
  const keys = await db.client.apiKey.findMany({ where: { vendorId }, orderBy: { createdAt: "desc" } });
  return { items: keys.map(presentApiKey), nextCursor: null };
}

/** Revokes one of the caller's vendor's keys; another vendor's key is "not found" (its existence is not revealed). */
export async function revokeApiKey({ db, clock }: VendorApiDeps, vendorId: string, id: string): Promise<void> {
  const revoked = await db.client.apiKey.updateMany({
    where: { id, vendorId, revokedAt: null },
    data: { revokedAt: clock.now() },
  });
  if (revoked.count === 0 && !(await db.client.apiKey.findFirst({ where: { id, vendorId } })))
    throw new NotFoundError("API key", id);
}

/**
 * Resolves `Authorization: Bearer mkt_live_…`: a live key of an active vendor, its secret checked
 * against the stored hash. lastUsedAt is written at most once a minute per key.
 */
export async function authenticateApiKey(
  { db, clock }: VendorApiDeps,
  credential: string,
): Promise<AuthContext | undefined> {
  const parsed = parseApiKey(credential);
  if (!parsed) return undefined;
  const key = await db.client.apiKey.findUnique({ where: { id: parsed.id } });
  if (!key || key.revokedAt || !apiKeySecretMatches(parsed.secret, key.secretHash)) return undefined;
  const now = clock.now();
  if (shouldTouchLastUsed(key.lastUsedAt, now)) {
    await db.client.apiKey.updateMany({
      where: { id: key.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: new Date(now.getTime() - 60_000) } }] },
      data: { lastUsedAt: now },
    });
  }
  return { subject: key.createdBy, role: "vendor", vendorId: key.vendorId, via: "api-key", apiKeyId: key.id };
}
