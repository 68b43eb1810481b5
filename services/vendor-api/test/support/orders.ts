import { PaymentCheckoutAuthorizedV1 } from "@mkt/contracts";
import { authorizedCheckoutData } from "@mkt/demo-world";
import type { ServiceUnderTest } from "@mkt/testing";
import type { Db as OrderDb } from "@mkt/order/bootstrap";

/**
 * A checkout whose card payment authorized, as payment publishes it (through an outbox, here the
 * order service's own): the order service creates one transmitted order per vendor. Returns the
 * order ids.
 */
export async function authorizedCheckout(
  order: ServiceUnderTest<OrderDb, Record<string, unknown>>,
  parties: { buyerId?: string; vendorIds: string[] },
  at: Date,
): Promise<string[]> {
  const data = authorizedCheckoutData(parties, at);
  const { db, outbox } = order.service.deps;
  await db.client.$transaction(async (tx) => {
    await outbox.add(tx, PaymentCheckoutAuthorizedV1, data);
  });
  return data.orders.map((draft) => draft.orderId);
}
