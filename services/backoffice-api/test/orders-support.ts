import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { PaymentCheckoutAuthorizedV1, type EventData } from "@mkt/contracts";
import { ControllableClock } from "@mkt/service-kit";
import { deleteBusNamespace, startServiceForTest, uniqueBusNamespace, type ServiceUnderTest } from "@mkt/service-kit/testing";
import { orderService, type Db as OrderDb } from "@mkt/order/dist/bootstrap.js";
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
  const order = await startServiceForTest(orderService, { namespace, clock, migrationsDir: join(__dirname, "../../order/prisma/migrations"), env: { TIMER_POLL_MS: "50" } });
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

const eur = (amount: number) => ({ amount, currency: "EUR" });

/**
 * A checkout whose card payment authorized, as payment publishes it (through an outbox, here the
 * order service's own): the order service creates one transmitted order per vendor. Returns the
 * order ids.
 */
export async function authorizedCheckout(order: OrdersStack["order"], parties: { buyerId?: string; vendorIds: string[] }, at: Date): Promise<string[]> {
  const buyerId = parties.buyerId ?? randomUUID();
  const orders = parties.vendorIds.map((vendorId, index) => ({
    orderId: randomUUID(),
    paymentId: randomUUID(),
    vendor: {
      vendorId,
      legalName: `Vendor ${index + 1} SAS`,
      publicContact: { email: `sales-${index + 1}@vendor.example`, phone: "+33 1 84 00 00 00" },
      registrationNumber: "552100554",
      vatNumber: "FR40552100554",
      registeredAddress: { line1: "1 rue du Cloud", postalCode: "67000", city: "Strasbourg", country: "FR" },
    },
    lines: [
      {
        lineId: randomUUID(),
        productId: randomUUID(),
        productName: "Managed Kubernetes",
        planId: randomUUID(),
        planName: "Cluster",
        billingCycle: "monthly" as const,
        commitmentMonths: 0,
        trialDays: 0,
        quantity: 1,
        unitPrice: eur(29_900),
        amount: eur(29_900),
      },
    ],
    vatTreatment: { kind: "standard" as const, rateBasisPoints: 2000, mention: null },
    totals: { subtotal: eur(29_900), vat: eur(5_980), total: eur(35_880), fee: eur(1_076) },
  }));
  const data: EventData<typeof PaymentCheckoutAuthorizedV1> = {
    checkoutId: randomUUID(),
    buyer: {
      buyerId,
      kind: "company",
      name: "Acme Industries SAS",
      email: "achats@acme.example",
      locale: "fr",
      registrationNumber: "732829320",
      vatNumber: "FR44732829320",
      address: { line1: "1 rue de la Paix", postalCode: "75002", city: "Paris", country: "FR" },
      country: "FR",
    },
    orders,
    total: eur(35_880 * orders.length),
    paymentMethod: { brand: "visa", last4: "4242", savedForRenewals: false },
    authorizedAt: at.toISOString(),
  };
  const { db, outbox } = order.service.deps;
  await db.client.$transaction(async (tx) => {
    await outbox.add(tx, PaymentCheckoutAuthorizedV1, data);
  });
  return orders.map((draft) => draft.orderId);
}
