import {
  CartCheckoutSubmittedV1,
  OrderAcceptedV1,
  OrderCancelledV1,
  OrderCheckoutFailedV1,
  OrderRefusedV1,
} from "@mkt/contracts";
import { consume } from "@mkt/service-kit";
import type { Db } from "../db/client.js";
import type { PaymentDeps } from "../app/deps.js";
import { recordCheckout, requestSettlement } from "../app/record.js";

/** Everything payment listens to. Each handler records work in the inbox's transaction; the worker calls the processor. */
export const subscriptions = (deps: PaymentDeps) => [
  consume<typeof CartCheckoutSubmittedV1, Db>(CartCheckoutSubmittedV1, (event, tx) =>
    recordCheckout(tx, deps, event.data),
  ),
  consume<typeof OrderAcceptedV1, Db>(OrderAcceptedV1, (event, tx) =>
    requestSettlement(tx, deps, event.data.order, "capture"),
  ),
  consume<typeof OrderRefusedV1, Db>(OrderRefusedV1, (event, tx) =>
    requestSettlement(tx, deps, event.data.order, "release"),
  ),
  consume<typeof OrderCancelledV1, Db>(OrderCancelledV1, (event, tx) =>
    requestSettlement(tx, deps, event.data.order, "release"),
  ),
  // The orders could not be created: nothing may stay authorized on the buyer's card.
  consume<typeof OrderCheckoutFailedV1, Db>(OrderCheckoutFailedV1, async (event, tx) => {
    for (const orderId of event.data.orderIds) await requestSettlement(tx, deps, { orderId }, "release");
  }),
];
