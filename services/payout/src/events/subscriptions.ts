import { PaymentCapturedV1, PaymentRefundedV1, SubscriptionRenewedV1 } from "@mkt/contracts";
import { consume, type ConsumerSpec, type Logger } from "@mkt/service-kit";
import type { Db } from "../db/client.js";
import type { PayoutDeps } from "../app/deps.js";
import { bookCapturedPayment, bookRefundedPayment, bookRenewal } from "../app/book-money-facts.js";

// Every money fact the ledger books. Each handler runs in the inbox's transaction: one posting per
// fact however often it is delivered. Durable names: payout--<event>-v1 (WIRE NAMES).

export const subscriptions = (deps: PayoutDeps & { log: Logger }): ConsumerSpec<Db>[] => [
  consume<typeof PaymentCapturedV1, Db>(PaymentCapturedV1, (event, tx) => bookCapturedPayment(deps, tx, event.data)),
  consume<typeof PaymentRefundedV1, Db>(PaymentRefundedV1, (event, tx) => bookRefundedPayment(deps, tx, event.data)),
  consume<typeof SubscriptionRenewedV1, Db>(SubscriptionRenewedV1, (event, tx) => bookRenewal(deps, tx, event.data)),
];
