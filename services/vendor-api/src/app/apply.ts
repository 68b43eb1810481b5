import type { Request } from "express";
import { CreateVendorApplication, type TokenPair, type VendorApplicationInput } from "@mkt/contracts";
import { uuidv7, isUniqueViolation } from "@mkt/service-kit";
import { hashPassword, type AccessClaims } from "@mkt/gateway-kit";
import { Prisma, type VendorUser } from "../generated/prisma/client.js";
import type { VendorApiDeps } from "./deps.js";
import { applicationIncomplete, emailTaken } from "./errors.js";
import { registeredEventOf } from "./users.js";

export const claimsOf = (user: { id: string; vendorId: string }): AccessClaims => ({
  sub: user.id,
  role: "vendor",
  vendorId: user.vendorId,
});

/** One answer for every existing email, whatever the password: applying is no password oracle. */
const existingEmail = () =>
  emailTaken(
    "A vendor user with this email already exists: sign in with POST /auth/login (a half-done application is finished there).",
  );

type ApplicationRequest = { email: string; password: string } & VendorApplicationInput;

/**
 * Saga step vendor-onboarding.1 (docs/sagas/vendor-onboarding.md), vendor-api's side.
 *
 * Applies as a vendor in three steps, each safe to repeat: (1) the user is created `pending` with
 * the application it sent, (2) vendor-kyc records the application under the idempotency key =
 * the user's id, (3) the vendor id is attached and the user becomes `active`, its vendor's `owner`
 * (vendor.user-registered, through the outbox in the same transaction).
 *
 * An existing email is always the same 409, and its password is never checked here: answering
 * tokens for the right password and 409 for a wrong one made this an unthrottled password oracle
 * beside the login. So a half-done application (vendor-kyc down, a crash between 2 and 3) is
 * finished by the next sign-in (`finishPendingApplication`), under the login's limits. Every
 * application counts toward the client address's sign-up limit, and one with an existing email as
 * a failed attempt of that address. Only two applications racing for one new email reach a
 * password check: the loser continues the winner's user when its password is the same (same
 * idempotency key, so the same vendor), counted like a login.
 */
export async function applyAsVendor(
  deps: VendorApiDeps,
  input: ApplicationRequest,
  req: Request,
): Promise<{ vendorId: string; userId: string; email: string; tokens: TokenPair }> {
  const { db, clock, identity } = deps;
  await identity.countSignUp(db, req);
  if (await db.client.vendorUser.findUnique({ where: { email: input.email }, select: { id: true } })) {
    await identity.countExistingAccountAttempt(db, req);
    throw existingEmail();
  }
  const { email: _email, password: _password, ...application } = input;
  let user: VendorUser;
  const now = clock.now();
  try {
    user = await db.client.vendorUser.create({
      data: {
        id: uuidv7(now.getTime()),
        email: input.email,
        passwordHash: await hashPassword(input.password),
        status: "pending",
        role: "owner",
        application: application as Prisma.InputJsonObject,
        createdAt: now,
        updatedAt: now,
      },
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const winner = await db.client.vendorUser.findUnique({ where: { email: input.email } });
    if (!winner || !(await identity.checkPassword(db, { ...input, req }, winner))) throw existingEmail();
    user = winner;
  }
  if (!user.vendorId) user = await finishApplication(deps, user, application);
  const tokens = await identity.startSession(db, claimsOf({ id: user.id, vendorId: user.vendorId! }));
  return { vendorId: user.vendorId!, userId: user.id, email: user.email, tokens };
}

/**
 * At sign-in, a pending user's application is finished with what it sent (vendor-kyc answers the
 * vendor it already recorded for the key, never a second one); its problems reach the caller.
 */
export async function finishPendingApplication(deps: VendorApiDeps, user: VendorUser): Promise<VendorUser> {
  if (user.vendorId) return user;
  if (!user.application) throw applicationIncomplete();
  return finishApplication(deps, user, user.application as unknown as VendorApplicationInput);
}

async function finishApplication(
  deps: VendorApiDeps,
  user: VendorUser,
  application: VendorApplicationInput,
): Promise<VendorUser> {
  // Failures here (problems, timeouts) reach the caller as they are; the pending user stays for
  // the next sign-in. The key names the applicant: a retry (or a concurrent one) gets the same vendor.
  const vendor = await deps.vendorKyc.call(CreateVendorApplication, { body: application, idempotencyKey: user.id });
  // The user exists for the marketplace once it has a vendor: vendor.user-registered goes with the
  // attachment, in its transaction, once (a concurrent finish attaches nothing and announces nothing).
  return deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    const attached = await tx.vendorUser.updateMany({
      where: { id: user.id, vendorId: null },
      data: { vendorId: vendor.id, status: "active", application: Prisma.DbNull, updatedAt: now },
    });
    const finished = await tx.vendorUser.findUniqueOrThrow({ where: { id: user.id } });
    if (attached.count === 1) await deps.outbox.add(tx, ...registeredEventOf(finished, now));
    return finished;
  });
}
