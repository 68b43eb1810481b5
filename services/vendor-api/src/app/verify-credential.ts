import { parseApiKey, type AuthContext } from "@mkt/gateway-kit";
import { authenticateApiKey } from "./api-keys.js";
import type { VendorApiDeps } from "./deps.js";

/**
 * Who a credential (an API key or an access token) speaks for, or undefined. A deactivated
 * user's access token stops at once, not when it expires.
 */
export async function verifyCredential(deps: VendorApiDeps, credential: string): Promise<AuthContext | undefined> {
  if (parseApiKey(credential)) return authenticateApiKey(deps, credential);
  const context = await deps.identity.verifyAccessToken(credential);
  if (!context || context.role !== "vendor" || !/^[0-9a-f-]{36}$/i.test(context.subject)) return context;
  const user = await deps.db.client.vendorUser.findUnique({
    where: { id: context.subject },
    select: { active: true },
  });
  return user && !user.active ? undefined : context;
}
