import { CreateVendorApplication, type TokenPair, type VendorApplicationInput } from "@mkt/contracts";
import { ConflictError, hashPassword, uuidv7, verifyPassword, type AccessClaims } from "@mkt/service-kit";
import type { VendorUser } from "../generated/prisma/client.js";
import type { VendorApiDeps } from "./deps.js";

export const claimsOf = (user: { id: string; vendorId: string }): AccessClaims => ({
  sub: user.id,
  role: "vendor",
  vendorId: user.vendorId,
});

export class ApplicationIncomplete extends ConflictError {
  constructor() {
    super(
      "application-incomplete",
      "The application was not recorded yet: send POST /applications again with the same email and password.",
    );
  }
}

const emailTaken = () => new ConflictError("email-taken", "A vendor user with this email already exists.");

/**
 * Applies as a vendor in three steps, each safe to repeat: (1) the user is created `pending`,
 * (2) vendor-kyc records the application under the idempotency key = the user's id, (3) the
 * vendor id is attached and the user becomes `active`. If step 2 or 3 fails (vendor-kyc down, a
 * crash), the same request again — same email, same password — resumes at step 2 instead of
 * failing on the existing email, and vendor-kyc answers the vendor it already recorded for that
 * key (never a second one); once complete, it answers the same result again.
 */
export async function applyAsVendor(
  deps: VendorApiDeps,
  input: { email: string; password: string } & VendorApplicationInput,
): Promise<{ vendorId: string; userId: string; email: string; tokens: TokenPair }> {
  const { db, clock } = deps;
  let user = await db.client.vendorUser.findUnique({ where: { email: input.email } });
  if (user) {
    if (!(await verifyPassword(input.password, user.passwordHash))) throw emailTaken();
  } else {
    const now = clock.now();
    try {
      user = await db.client.vendorUser.create({
        data: {
          id: uuidv7(now.getTime()),
          email: input.email,
          passwordHash: await hashPassword(input.password),
          status: "pending",
          createdAt: now,
          updatedAt: now,
        },
      });
    } catch (error) {
      if ((error as { code?: string }).code !== "P2002") throw error;
      // A concurrent application with this email created the user first: the same email and
      // password continue it (same idempotency key, so the same vendor), anything else is refused.
      const winner = await db.client.vendorUser.findUnique({ where: { email: input.email } });
      if (!winner || !(await verifyPassword(input.password, winner.passwordHash))) throw emailTaken();
      user = winner;
    }
  }
  if (!user.vendorId) user = await finishApplication(deps, user, input);
  const tokens = await deps.identity.startSession(db, claimsOf({ id: user.id, vendorId: user.vendorId! }));
  return { vendorId: user.vendorId!, userId: user.id, email: user.email, tokens };
}

async function finishApplication(
  deps: VendorApiDeps,
  user: VendorUser,
  input: { email: string; password: string } & VendorApplicationInput,
): Promise<VendorUser> {
  const { email: _email, password: _password, ...application } = input;
  // Failures here (problems, timeouts) reach the caller as they are; the pending user stays for
  // the retry. The key names the applicant: a retry (or a concurrent one) gets the same vendor.
  const vendor = await deps.vendorKyc.call(CreateVendorApplication, { body: application, idempotencyKey: user.id });
  await deps.db.client.vendorUser.updateMany({
    where: { id: user.id, vendorId: null },
    data: { vendorId: vendor.id, status: "active", updatedAt: deps.clock.now() },
  });
  return deps.db.client.vendorUser.findUniqueOrThrow({ where: { id: user.id } });
}
