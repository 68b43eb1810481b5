import type { EventData, VendorUserRegisteredV1, VendorUserUpdatedV1 } from "@mkt/contracts";
import type { TxOf } from "@mkt/service-kit";
import type { Db } from "../db/client.js";

type VendorUserFacts =
  | (EventData<typeof VendorUserRegisteredV1> & { asOf: string })
  | (EventData<typeof VendorUserUpdatedV1> & { asOf: string });

/**
 * Keeps a vendor's user (its address, role, whether it is active) for the vendor's next emails;
 * nothing is sent. An older fact (an event delivered late) never overwrites a newer one.
 */
export async function recordVendorUser(tx: TxOf<Db>, user: VendorUserFacts, now: Date): Promise<void> {
  const asOf = new Date(user.asOf);
  const fields = { vendorId: user.vendorId, email: user.email, role: user.role, active: user.active, asOf };
  // ON CONFLICT rather than Prisma's upsert: two consumers recording one new user at once both pass.
  await tx.$executeRaw`
    INSERT INTO vendor_user (user_id, vendor_id, email, role, active, as_of, updated_at)
    VALUES (${user.userId}, ${user.vendorId}, ${user.email}, ${user.role}, ${user.active}, ${asOf}, ${now})
    ON CONFLICT (user_id) DO NOTHING`;
  await tx.vendorUser.updateMany({
    where: { userId: user.userId, asOf: { lt: asOf } },
    data: { ...fields, updatedAt: now },
  });
}
