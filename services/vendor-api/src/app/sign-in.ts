import type { Request } from "express";
import type { TokenPair } from "@mkt/contracts";
import { claimsOf, finishPendingApplication } from "./apply.js";
import type { VendorApiDeps } from "./deps.js";

/**
 * A vendor user signs in with email and password. A deactivated user signs in like an unknown
 * one (the same 401, counted as a failure); a half-done application (vendor-kyc was down, a
 * crash) is finished by the sign-in.
 */
export async function signIn(
  deps: VendorApiDeps,
  credentials: { email: string; password: string },
  req: Request,
): Promise<TokenPair> {
  const { db, identity } = deps;
  const user = await identity.login(
    db,
    { ...credentials, req },
    async (email) => (await db.client.vendorUser.findUnique({ where: { email, active: true } })) ?? undefined,
  );
  const active = await finishPendingApplication(deps, user);
  return identity.startSession(db, claimsOf({ id: active.id, vendorId: active.vendorId! }));
}
