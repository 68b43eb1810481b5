import { randomUUID } from "node:crypto";
import { DisputeOpenedV1, type Dispute, type DisputeReason } from "@mkt/contracts";
import { requestFingerprint } from "@mkt/service-kit";
import { decideOpening } from "../domain/dispute.js";
import { effectiveState } from "../domain/order-state.js";
import type { OrderDeps } from "./deps.js";
import { claimAttachments } from "./dispute-attachments.js";
import { disputeFacts, findDispute, toDisputeView } from "./dispute-store.js";
import { disputeIdempotencyKeyReused, disputeRefused } from "./errors.js";
import { deadlinesOf, lockOrder, stateOf } from "./order-store.js";

export interface OpenDisputeInput {
  buyerId: string;
  reason: DisputeReason;
  message: string;
  attachmentIds: string[];
}

/**
 * Saga step dispute.1 (docs/sagas/dispute.md): the buyer opens a dispute on its order. The
 * order's row is locked, so two openings race one at a time and the second finds the first
 * unresolved (409). One transaction: the dispute, its first history entry, its files, dispute.opened.
 * With an Idempotency-Key (kept on the opening entry), the same call again answers the dispute it
 * opened, found under the order's lock, rather than 409 already-open.
 */
export async function openDispute(
  deps: OrderDeps,
  orderId: string,
  input: OpenDisputeInput,
  idempotencyKey?: string,
): Promise<Dispute> {
  const fingerprint = requestFingerprint("OpenDispute", { orderId, ...input });
  const dispute = await deps.db.transaction(async (tx) => {
    const order = await lockOrder(tx, orderId, { buyerId: input.buyerId });
    if (idempotencyKey) {
      const opening = await tx.disputeEntry.findFirst({
        where: { idempotencyKey, kind: "opened", dispute: { orderId } },
        select: { disputeId: true, requestFingerprint: true },
      });
      if (opening && opening.requestFingerprint !== fingerprint) throw disputeIdempotencyKeyReused();
      if (opening) return findDispute(tx, opening.disputeId, {});
    }
    const now = deps.clock.now();
    const unresolved = await tx.dispute.count({ where: { orderId, state: { not: "resolved" } } });
    const orderState = effectiveState(stateOf(order), deadlinesOf(order), now);
    const decision = decideOpening(orderState, unresolved > 0);
    if (decision.kind === "refused") throw disputeRefused(decision, { orderState });

    const id = randomUUID();
    await tx.dispute.create({
      data: {
        id,
        orderId,
        buyerId: order.buyerId,
        vendorId: order.vendorId,
        reason: input.reason,
        state: "open",
        openedAt: now,
        updatedAt: now,
      },
    });
    await tx.disputeEntry.create({
      data: {
        disputeId: id,
        seq: 1,
        kind: "opened",
        at: now,
        actorKind: "buyer",
        actorId: input.buyerId,
        message: input.message,
        idempotencyKey: idempotencyKey ?? null,
        requestFingerprint: idempotencyKey ? fingerprint : null,
      },
    });
    const attachments = await claimAttachments(tx, input.attachmentIds, {
      orderId,
      owner: { kind: "buyer", id: input.buyerId },
      disputeId: id,
      seq: 1,
    });
    const opened = await findDispute(tx, id, {});
    await deps.outbox.add(tx, DisputeOpenedV1, { dispute: disputeFacts(opened), message: input.message, attachments });
    return opened;
  });
  return toDisputeView(dispute);
}
