import { DisputeAnsweredV1, DisputeMessageAddedV1, type Dispute } from "@mkt/contracts";
import { decideDispute, type DisputeCommand } from "../domain/dispute.js";
import type { Actor } from "../domain/order-state.js";
import type { OrderDeps } from "./deps.js";
import { claimAttachments } from "./dispute-attachments.js";
import { disputeFacts, findDispute, lockDispute, stateOfDispute, toDisputeView } from "./dispute-store.js";
import { disputeRefused } from "./errors.js";

export interface DisputeMessage {
  message: string;
  attachmentIds: string[];
}

/**
 * One party's step on a locked dispute, in one transaction: decided (409 once resolved), then its
 * history entry, its files, the dispute's state and the event. Answers the dispute as it now is.
 */
async function addEntry(
  deps: OrderDeps,
  disputeId: string,
  actor: Actor & { kind: "buyer" | "vendor"; id: string },
  input: DisputeMessage,
): Promise<Dispute> {
  const scope = actor.kind === "buyer" ? { buyerId: actor.id } : { vendorId: actor.id };
  const dispute = await deps.db.transaction(async (tx) => {
    const current = await lockDispute(tx, disputeId, scope);
    const command: DisputeCommand =
      actor.kind === "buyer" ? { kind: "add-message", actor } : { kind: "respond", actor };
    const decision = decideDispute(stateOfDispute(current), command);
    if (decision.kind === "refused") throw disputeRefused(decision, { disputeState: current.state });
    const now = deps.clock.now();
    const seq = (current.entries.at(-1)?.seq ?? 0) + 1;
    await tx.disputeEntry.create({
      data: {
        disputeId,
        seq,
        kind: decision.entry,
        at: now,
        actorKind: actor.kind,
        actorId: actor.id,
        message: input.message,
      },
    });
    const attachments = await claimAttachments(tx, input.attachmentIds, {
      orderId: current.orderId,
      owner: { kind: actor.kind, id: actor.id },
      disputeId,
      seq,
    });
    await tx.dispute.update({ where: { id: disputeId }, data: { state: decision.to, updatedAt: now } });
    const facts = disputeFacts(current);
    const by = { kind: actor.kind, id: actor.id };
    if (actor.kind === "buyer")
      await deps.outbox.add(tx, DisputeMessageAddedV1, {
        dispute: facts,
        by,
        message: input.message,
        attachments,
        addedAt: now.toISOString(),
      });
    else
      await deps.outbox.add(tx, DisputeAnsweredV1, {
        dispute: facts,
        by,
        message: input.message,
        attachments,
        answeredAt: now.toISOString(),
      });
    return findDispute(tx, disputeId, {});
  });
  return toDisputeView(dispute);
}

/**
 * Saga step dispute.2 (docs/sagas/dispute.md): the buyer adds a message (and files) while the dispute is not resolved.
 */
export const addDisputeMessage = (deps: OrderDeps, disputeId: string, input: DisputeMessage & { buyerId: string }) =>
  addEntry(deps, disputeId, { kind: "buyer", id: input.buyerId }, input);

/** Saga step dispute.3 (docs/sagas/dispute.md): the vendor answers (open → answered), and may answer again. */
export const respondToDispute = (deps: OrderDeps, disputeId: string, input: DisputeMessage & { vendorId: string }) =>
  addEntry(deps, disputeId, { kind: "vendor", id: input.vendorId }, input);
