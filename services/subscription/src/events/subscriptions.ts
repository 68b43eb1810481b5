import { OrderAcceptedV1, OrderWithdrawnV1 } from "@mkt/contracts";
import { consume, type ConsumerSpec } from "@mkt/service-kit";
import type { Db } from "../db/client.js";
import type { SubscriptionDeps } from "../app/deps.js";
import { startSubscriptions } from "../app/start-subscriptions.js";
import { endWithdrawnSubscriptions } from "../app/withdraw.js";

// Everything the subscription service listens to. Each handler runs in the inbox's transaction:
// one effect per event however often it is delivered. Durable names: subscription--<event>-v1
// (WIRE NAMES).

export const subscriptions = (deps: SubscriptionDeps): ConsumerSpec<Db>[] => [
  // Saga step renewal.1 (docs/sagas/renewal.md): an accepted order starts one subscription per plan line.
  consume<typeof OrderAcceptedV1, Db>(OrderAcceptedV1, (event, tx) => startSubscriptions(deps, tx, event.data)),
  // Saga step withdrawal.3 (docs/sagas/withdrawal.md): the buyer withdrew, the order's subscriptions end at once.
  consume<typeof OrderWithdrawnV1, Db>(OrderWithdrawnV1, (event, tx) =>
    endWithdrawnSubscriptions(deps, tx, event.data),
  ),
];
