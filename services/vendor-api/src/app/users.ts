import { VendorUserRegisteredV1, VendorUserUpdatedV1, type VendorUserRole } from "@mkt/contracts";
import { NotFoundError, uuidv7, isUniqueViolation } from "@mkt/service-kit";
import { hashPassword, type AuthContext } from "@mkt/gateway-kit";
import type { VendorUser } from "../generated/prisma/client.js";
import type { VendorUserView } from "../http/endpoints.js";
import type { VendorApiDeps } from "./deps.js";
import { emailTaken, LastOwner, notAManager, notWithApiKey, ownersOnly } from "./errors.js";

/** The roles that manage the vendor's users. */
const MANAGERS: readonly string[] = ["owner", "admin"];

export function presentUser(user: VendorUser): VendorUserView {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role as VendorUserRole,
    active: user.active,
    createdAt: user.createdAt.toISOString(),
    updatedAt: user.updatedAt.toISOString(),
  };
}

/** The user as notification keeps it (the events' facts): never its credentials. */
export const userFactsOf = (user: VendorUser) => ({
  vendorId: user.vendorId!,
  userId: user.id,
  email: user.email,
  role: user.role as VendorUserRole,
  active: user.active,
});

/** The applicant, now that its vendor exists: notification learns of it as the owner. */
export const registeredEventOf = (user: VendorUser, at: Date) =>
  [VendorUserRegisteredV1, { ...userFactsOf(user), registeredAt: at.toISOString() }] as const;

export async function listUsers({ db }: VendorApiDeps, vendorId: string) {
  const users = await db.client.vendorUser.findMany({ where: { vendorId }, orderBy: { createdAt: "asc" } });
  return { items: users.map(presentUser), nextCursor: null };
}

/**
 * The signed-in caller as it is now (its role and active flag are read here, never taken from the
 * token), if it may manage users. An API key may not: it is an integration's credential, kept by
 * a machine, and would otherwise keep its creator's power after a demotion.
 */
async function managerOf({ db }: VendorApiDeps, caller: AuthContext): Promise<VendorUser> {
  if (caller.via !== "token")
    throw notWithApiKey("Users are managed by a signed-in owner or admin, not with an API key.");
  const user = await db.client.vendorUser.findUnique({ where: { id: caller.subject } });
  if (!user || !user.active || user.vendorId !== caller.vendorId || !MANAGERS.includes(user.role)) throw notAManager();
  return user;
}

/** An owner or admin adds a user with a role and an initial password; vendor.user-registered goes with it. */
export async function inviteUser(
  deps: VendorApiDeps,
  caller: AuthContext,
  input: { email: string; name: string; role: VendorUserRole; password: string },
): Promise<VendorUserView> {
  const manager = await managerOf(deps, caller);
  if (input.role === "owner" && manager.role !== "owner") throw ownersOnly("Only an owner can make another owner.");
  const passwordHash = await hashPassword(input.password);
  const now = deps.clock.now();
  try {
    return await deps.db.transaction(async (tx) => {
      const user = await tx.vendorUser.create({
        data: {
          id: uuidv7(now.getTime()),
          email: input.email,
          passwordHash,
          status: "active",
          vendorId: manager.vendorId,
          role: input.role,
          active: true,
          name: input.name,
          createdAt: now,
          updatedAt: now,
        },
      });
      await deps.outbox.add(tx, ...registeredEventOf(user, now));
      return presentUser(user);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw emailTaken();
    throw error;
  }
}

/**
 * An owner or admin changes a user's role or active flag; vendor.user-updated goes with a real
 * change. The vendor's users are locked first, so two changes cannot both remove "the other"
 * owner: the vendor always keeps an active owner. An admin cannot make an owner nor change one.
 */
export async function updateUser(
  deps: VendorApiDeps,
  caller: AuthContext,
  userId: string,
  change: { role?: VendorUserRole; active?: boolean },
): Promise<VendorUserView> {
  const manager = await managerOf(deps, caller);
  const vendorId = manager.vendorId!;
  return deps.db.transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM vendor_user WHERE vendor_id = ${vendorId}::uuid ORDER BY id FOR UPDATE`;
    const user = await tx.vendorUser.findUnique({ where: { id: userId } });
    if (!user || user.vendorId !== vendorId) throw new NotFoundError("vendor user", userId);
    const role = change.role ?? user.role;
    const active = change.active ?? user.active;
    if (role === user.role && active === user.active) return presentUser(user);
    if (manager.role !== "owner" && (user.role === "owner" || role === "owner"))
      throw ownersOnly("Only an owner can make an owner, or change one.");
    if (user.role === "owner" && user.active && (role !== "owner" || !active)) {
      const owners = await tx.vendorUser.count({ where: { vendorId, role: "owner", active: true } });
      if (owners <= 1) throw new LastOwner();
    }
    const now = deps.clock.now();
    const updated = await tx.vendorUser.update({ where: { id: userId }, data: { role, active, updatedAt: now } });
    await deps.outbox.add(tx, VendorUserUpdatedV1, { ...userFactsOf(updated), updatedAt: now.toISOString() });
    return presentUser(updated);
  });
}
