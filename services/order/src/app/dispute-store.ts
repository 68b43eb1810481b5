import type { Dispute as DisputeView, DisputeAttachment as AttachmentView, DisputeSummary } from "@mkt/contracts";
import type { DisputeFacts } from "@mkt/contracts";
import type { Dispute, DisputeAttachment, DisputeEntry, Order, Prisma } from "../generated/prisma/client.js";
import type { Actor } from "../domain/order-state.js";
import type { DisputeReason } from "@mkt/contracts";
import type { DisputeState } from "../domain/dispute.js";
import { disputeNotFound } from "./errors.js";
import { factsOf, type Scope, type Tx } from "./order-store.js";
import type { Db } from "../db/client.js";

type Attachment = Pick<DisputeAttachment, "id" | "filename" | "contentType" | "size" | "entrySeq">;
export type LoadedDispute = Dispute & { order: Order; entries: DisputeEntry[]; attachments: Attachment[] };

const attachmentFields = { id: true, filename: true, contentType: true, size: true, entrySeq: true } as const;
export const withHistory = {
  order: true,
  entries: { orderBy: { seq: "asc" as const } },
  attachments: {
    select: attachmentFields,
    orderBy: [{ entrySeq: "asc" as const }, { uploadedAt: "asc" as const }, { id: "asc" as const }],
  },
} satisfies Prisma.DisputeInclude;

export const inDisputeScope = (dispute: Pick<Dispute, "buyerId" | "vendorId">, scope: Scope) =>
  (scope.buyerId === undefined || scope.buyerId === dispute.buyerId) &&
  (scope.vendorId === undefined || scope.vendorId === dispute.vendorId);

/** A dispute as its party may see it, or 404 (another party's dispute is not theirs to know). */
export async function findDispute(db: Pick<Db, "dispute">, disputeId: string, scope: Scope): Promise<LoadedDispute> {
  const dispute = await db.dispute.findUnique({ where: { id: disputeId }, include: withHistory });
  if (!dispute || !inDisputeScope(dispute, scope)) throw disputeNotFound(disputeId);
  return dispute;
}

/**
 * Locks the dispute's row for the rest of the transaction (one step at a time) and reads it with its history, or 404.
 */
export async function lockDispute(tx: Tx, disputeId: string, scope: Scope): Promise<LoadedDispute> {
  await tx.$queryRawUnsafe(`SELECT id FROM dispute WHERE id = $1 FOR UPDATE`, disputeId);
  return findDispute(tx, disputeId, scope);
}

export const stateOfDispute = (dispute: Dispute) => dispute.state as DisputeState;

export const attachmentView = (a: Attachment): AttachmentView => ({
  attachmentId: a.id,
  filename: a.filename,
  contentType: a.contentType as AttachmentView["contentType"],
  size: a.size,
});

/** What every dispute event carries: the dispute and its order's frozen facts. */
export function disputeFacts(dispute: Dispute & { order: Order }): DisputeFacts {
  return {
    disputeId: dispute.id,
    reason: dispute.reason as DisputeReason,
    openedAt: dispute.openedAt.toISOString(),
    order: factsOf(dispute.order),
  };
}

export function toDisputeSummary(dispute: Dispute & { order: Order }): DisputeSummary {
  const facts = factsOf(dispute.order);
  return {
    disputeId: dispute.id,
    orderId: dispute.orderId,
    purchaseOrderNumber: dispute.order.purchaseOrderNumber,
    buyer: { buyerId: facts.buyer.buyerId, name: facts.buyer.name },
    vendor: { vendorId: facts.vendor.vendorId, legalName: facts.vendor.legalName },
    reason: dispute.reason as DisputeReason,
    state: stateOfDispute(dispute),
    resolution: (dispute.resolution as DisputeSummary["resolution"]) ?? null,
    openedAt: dispute.openedAt.toISOString(),
    updatedAt: dispute.updatedAt.toISOString(),
  };
}

/** The dispute in full, field by field, its history oldest first with each step's files. */
export function toDisputeView(dispute: LoadedDispute): DisputeView {
  const { resolution: _kind, ...summary } = toDisputeSummary(dispute);
  const resolution: DisputeView["resolution"] =
    dispute.resolution && dispute.resolvedAt
      ? {
          kind: dispute.resolution as NonNullable<DisputeSummary["resolution"]>,
          refund:
            dispute.refundId && dispute.refundAmount !== null
              ? {
                  refundId: dispute.refundId,
                  amount: { amount: dispute.refundAmount, currency: dispute.refundCurrency ?? "EUR" },
                }
              : null,
          reason: dispute.rejectionReason,
          resolvedAt: dispute.resolvedAt.toISOString(),
          by: { kind: "operator", id: dispute.resolvedBy },
        }
      : null;
  return {
    ...summary,
    orderTotal: factsOf(dispute.order).totals.total,
    resolution,
    history: dispute.entries.map((entry) => ({
      seq: entry.seq,
      kind: entry.kind as DisputeView["history"][number]["kind"],
      at: entry.at.toISOString(),
      actor: { kind: entry.actorKind as Actor["kind"], id: entry.actorId },
      message: entry.message,
      attachments: dispute.attachments.filter((a) => a.entrySeq === entry.seq).map(attachmentView),
    })),
  };
}
