import { PaymentCheckoutAuthorizedV1 } from "@mkt/contracts";
import { authorizedCheckoutData } from "@mkt/demo-world";
import type { PrismaLike, SqlClient } from "@mkt/service-kit";
import type { ServiceUnderTest } from "./service-under-test.js";

/**
 * A checkout whose card payment authorized, as payment publishes it (through an outbox, here the
 * order service's own): the order service creates one transmitted order per vendor. What the
 * tests of the order service's callers (the vendor and operator gateways) feed it for real
 * orders. Returns the order ids.
 */
export async function authorizedCheckout<C extends PrismaLike, S, D>(
  order: ServiceUnderTest<C, S, D>,
  parties: { buyerId?: string; vendorIds: string[] },
  at: Date,
): Promise<string[]> {
  const data = authorizedCheckoutData(parties, at);
  const { db, outbox } = order.service.deps;
  // Generic over the order service's client: its transaction is a SqlClient like every Prisma one.
  await db.transaction((tx) => outbox.add(tx as unknown as SqlClient, PaymentCheckoutAuthorizedV1, data));
  return data.orders.map((draft) => draft.orderId);
}
