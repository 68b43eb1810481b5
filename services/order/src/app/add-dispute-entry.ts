import { DisputeAnsweredV1, DisputeMessageAddedV1, type Dispute } from "@mkt/contracts";
import { requestFingerprint } from "@mkt/service-kit";
import { decideDispute, type DisputeCommand } from "../domain/dispute.js";
import type { Actor } from "../domain/order-state.js";
import type { OrderDeps } from "./deps.js";
import { claimAttachments } from "./dispute-attachments.js";
import { disputeFacts, findDispute, lockDispute, stateOfDispute, toDisputeView } from "./dispute-store.js";
import { disputeIdempotencyKeyReused, disputeRefused } from "./errors.js";

export interface DisputeMessage {
  message: string;
  attachmentIds: string[];
}

/**
 * One party's step on a locked dispute, in one transaction: decided (409 once resolved), then its
 * history entry, its files, the dispute's state and the event. Answers the dispute as it now is.
 * With an Idempotency-Key, an entry the key already wrote (found under the dispute's lock, so two
 * calls with one key take turns) is the answer instead: the dispute as it now is, nothing written.
 */
async function addEntry(
  deps: OrderDeps,
  disputeId: string,
  actor: Actor & { kind: "buyer" | "vendor"; id: string },
  input: DisputeMessage,
  idempotencyKey: string | undefined,
): Promise<Dispute> {
  const scope = actor.kind === "buyer" ? { buyerId: actor.id } : { vendorId: actor.id };
  const fingerprint = requestFingerprint(actor.kind === "buyer" ? "AddDisputeMessage" : "RespondToDispute", {
    disputeId,
    ...input,
  });
  const dispute = await deps.db.transaction(async (tx) => {
    const current = await lockDispute(tx, disputeId, scope);
    if (idempotencyKey) {
      const written = await tx.disputeEntry.findUnique({
        where: { disputeId_idempotencyKey: { disputeId, idempotencyKey } },
        select: { requestFingerprint: true },
      });
      if (written && written.requestFingerprint !== fingerprint) throw disputeIdempotencyKeyReused();
      if (written) return current;
    }
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
        idempotencyKey: idempotencyKey ?? null,
        requestFingerprint: idempotencyKey ? fingerprint : null,
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

/** Saga step dispute.2 (docs/sagas/dispute.md): the buyer adds a message (and files) while the dispute is not resolved. */
export const addDisputeMessage = (
  deps: OrderDeps,
  disputeId: string,
  input: DisputeMessage & { buyerId: string },
  idempotencyKey?: string,
) => addEntry(deps, disputeId, { kind: "buyer", id: input.buyerId }, input, idempotencyKey);

/** Saga step dispute.3 (docs/sagas/dispute.md): the vendor answers (open → answered), and may answer again. */
export const respondToDispute = (
  deps: OrderDeps,
  disputeId: string,
  input: DisputeMessage & { vendorId: string },
  idempotencyKey?: string,
) => addEntry(deps, disputeId, { kind: "vendor", id: input.vendorId }, input, idempotencyKey);
