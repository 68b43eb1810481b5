import {
  CartCheckoutSubmittedV1,
  OrderAcceptedV1,
  OrderCancelledV1,
  OrderCheckoutFailedV1,
  OrderRefusedV1,
  OrderWithdrawnV1,
  SubscriptionEndedV1,
} from "@mkt/contracts";
import { consume } from "@mkt/service-kit";
import type { Db } from "../db/client.js";
import type { PaymentDeps } from "../app/deps.js";
import { declineUnrecordedCheckout, recordCheckout, requestSettlement } from "../app/record.js";
import { recordWithdrawal } from "../app/refund-withdrawal.js";
import { recordWithdrawnRenewalRefunds } from "../app/refund-withdrawn-renewals.js";

/**
 * Everything payment listens to: each row is a saga step (docs/sagas/). Each handler records work
 * in the inbox's transaction; the worker calls the processor. Durables: payment--<event>-v1 (WIRE NAMES).
 */
export const subscriptions = (deps: PaymentDeps) => [
  // Saga step checkout.2 (docs/sagas/checkout.md): authorize the card. Compensation, if the
  // checkout can never be recorded: payment.checkout-declined, so that the cart unlocks.
  consume<typeof CartCheckoutSubmittedV1, Db>(
    CartCheckoutSubmittedV1,
    (event, tx) => recordCheckout(tx, deps, event.data),
    { onGiveUp: (event, tx, failure) => declineUnrecordedCheckout(tx, deps, event.data, failure.error) },
  ),
  // Saga step order-validation.7 (docs/sagas/order-validation.md): capture on acceptance.
  consume<typeof OrderAcceptedV1, Db>(OrderAcceptedV1, (event, tx) =>
    requestSettlement(tx, deps, event.data.order, "capture"),
  ),
  // Saga step order-validation.8 (docs/sagas/order-validation.md): release on refusal or cancellation,
  // the compensation of checkout.2 for that order.
  consume<typeof OrderRefusedV1, Db>(OrderRefusedV1, (event, tx) =>
    requestSettlement(tx, deps, event.data.order, "release"),
  ),
  consume<typeof OrderCancelledV1, Db>(OrderCancelledV1, (event, tx) =>
    requestSettlement(tx, deps, event.data.order, "release"),
  ),
  // Saga step withdrawal.2 (docs/sagas/withdrawal.md): the buyer withdrew; release the authorization
  // (not captured yet) or refund in full (the worker calls the processor).
  consume<typeof OrderWithdrawnV1, Db>(OrderWithdrawnV1, (event, tx) => recordWithdrawal(tx, deps, event.data)),
  // Saga step withdrawal.3a (docs/sagas/withdrawal.md): a subscription ended by the withdrawal; refund
  // in full what it charged (a trial's first charge, renewals). Other ends refund nothing.
  consume<typeof SubscriptionEndedV1, Db>(SubscriptionEndedV1, (event, tx) =>
    recordWithdrawnRenewalRefunds(tx, deps, event.data),
  ),
  // Saga step checkout.5 (docs/sagas/checkout.md): the orders could not be created, the compensation
  // of checkout.2: nothing may stay authorized on the buyer's card.
  consume<typeof OrderCheckoutFailedV1, Db>(OrderCheckoutFailedV1, async (event, tx) => {
    for (const orderId of event.data.orderIds) await requestSettlement(tx, deps, { orderId }, "release");
  }),
];
