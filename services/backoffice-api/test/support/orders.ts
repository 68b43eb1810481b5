import { join } from "node:path";
import { PaymentCheckoutAuthorizedV1 } from "@mkt/contracts";
import { authorizedCheckoutData } from "@mkt/demo-world";
import { ControllableClock } from "@mkt/service-kit";
import { deleteBusNamespace, startServiceForTest, uniqueBusNamespace, type ServiceUnderTest } from "@mkt/testing";
import { orderService, type Db as OrderDb } from "@mkt/order/bootstrap";
import { backofficeApiService, type Db } from "../src/bootstrap.js";
import { OPERATOR, migrationsDir } from "./support.js";

export interface OrdersStack {
  gateway: ServiceUnderTest<Db, Record<string, unknown>>;
  order: ServiceUnderTest<OrderDb, Record<string, unknown>>;
  /** Shared by the gateway and the order service: moving it fires the order's 48-hour timer. */
  clock: ControllableClock;
  url: string;
  stop(): Promise<void>;
}

/** backoffice-api and the real order service, in one process and bus namespace, on one clock. */
export async function startOrdersStack(label: string): Promise<OrdersStack> {
  const namespace = uniqueBusNamespace(label);
  const clock = new ControllableClock();
  const order = await startServiceForTest(orderService, {
    namespace,
    clock,
    migrationsDir: join(__dirname, "../../order/prisma/migrations"),
    env: { TIMER_POLL_MS: "50" },
  });
  let gateway: OrdersStack["gateway"];
  try {
    gateway = await startServiceForTest(backofficeApiService, {
      namespace,
      clock,
      migrationsDir,
      env: { ORDER_URL: order.service.url, OPERATOR_EMAIL: OPERATOR.email, OPERATOR_PASSWORD: OPERATOR.password },
    });
  } catch (error) {
    await order.stop();
    throw error;
  }
  return {
    gateway,
    order,
    clock,
    url: `${gateway.service.url}/ops/v1`,
    async stop() {
      await gateway.stop();
      await order.stop();
      await deleteBusNamespace(namespace);
    },
  };
}

/**
 * A checkout whose card payment authorized, as payment publishes it (through an outbox, here the
 * order service's own): the order service creates one transmitted order per vendor. Returns the
 * order ids.
 */
export async function authorizedCheckout(
  order: OrdersStack["order"],
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
