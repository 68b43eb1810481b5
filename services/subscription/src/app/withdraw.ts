import type { EventData, OrderWithdrawnV1 } from "@mkt/contracts";
import { decideAndApply } from "./apply-move.js";
import type { SubscriptionDeps } from "./deps.js";
import type { Tx } from "./subscription-store.js";

/**
 * Saga step withdrawal.3 (docs/sagas/withdrawal.md): the buyer withdrew from the order within the
 * legal period (the order service decided it), so each subscription the order started ends at
 * once, `subscription.ended` with reason `withdrawn`; its timers are disarmed, nothing is charged
 * after. Compensation: none (a withdrawal is final).
 *
 * In the consumer's transaction, one subscription locked at a time (as the renewal worker locks
 * them). A subscription already ended (by a cancellation, or this event delivered again under
 * another id) is left as it is. An order withdrawn before its acceptance started none; the
 * withdrawal is remembered so that its order.accepted, if this service consumes it only now (each
 * event has its own durable consumer), starts none either.
 */
export async function endWithdrawnSubscriptions(
  deps: SubscriptionDeps,
  tx: Tx,
  withdrawn: EventData<typeof OrderWithdrawnV1>,
): Promise<void> {
  await tx.withdrawnOrder.upsert({
    where: { orderId: withdrawn.order.orderId },
    create: { orderId: withdrawn.order.orderId, withdrawnAt: new Date(withdrawn.withdrawnAt) },
    update: {},
  });
  const ofOrder = await tx.subscription.findMany({
    where: { orderId: withdrawn.order.orderId },
    select: { id: true },
    orderBy: { id: "asc" },
  });
  for (const { id } of ofOrder) await decideAndApply(deps, tx, id, { kind: "withdraw" }, { by: withdrawn.by });
}
