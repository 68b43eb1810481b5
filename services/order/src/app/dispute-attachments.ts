import { randomUUID } from "node:crypto";
import type { DisputeAttachment as AttachmentView, FileContent } from "@mkt/contracts";
import { ValidationError } from "@mkt/service-kit";
import type { Db } from "../db/client.js";
import { attachmentMediaType } from "../domain/dispute.js";
import type { OrderDeps } from "./deps.js";
import { attachmentView, findDispute } from "./dispute-store.js";
import { disputeAttachmentNotFound, unknownDisputeAttachments, unsupportedAttachment } from "./errors.js";
import { findOrder, type Scope, type Tx } from "./order-store.js";

/** Who uploads or sends a file: the order's buyer or its vendor. */
export interface Owner {
  kind: "buyer" | "vendor";
  id: string;
}

/** A name to show, never a path: its last segment, without control characters, at most 200 characters. */
const displayName = (filename: string) =>
  filename
    .split(/[\\/]/)
    .at(-1)!
    .replace(/\p{Cc}/gu, "")
    .trim()
    .slice(0, 200) || "attachment";

/**
 * Stages one file for a dispute message of the order (dispute step uploads, before the message
 * that names it): the buyer or the vendor of the order only (404 otherwise), a PDF, PNG or JPEG by
 * its bytes (422 otherwise); the kit already refused anything over 5 MB (413).
 */
export async function uploadDisputeAttachment(
  deps: OrderDeps,
  orderId: string,
  scope: Scope,
  file: FileContent,
): Promise<AttachmentView> {
  const owner: Owner | null =
    scope.buyerId !== undefined && scope.vendorId === undefined
      ? { kind: "buyer", id: scope.buyerId }
      : scope.vendorId !== undefined && scope.buyerId === undefined
        ? { kind: "vendor", id: scope.vendorId }
        : null;
  if (!owner) throw new ValidationError([{ path: "buyerId", message: "exactly one of buyerId and vendorId" }]);
  await findOrder(deps.db.client, orderId, scope);
  const contentType = attachmentMediaType(file.bytes);
  if (!contentType) throw unsupportedAttachment();
  const row = await deps.db.client.disputeAttachment.create({
    data: {
      id: randomUUID(),
      orderId,
      ownerKind: owner.kind,
      ownerId: owner.id,
      filename: displayName(file.filename),
      contentType,
      size: file.bytes.byteLength,
      content: new Uint8Array(file.bytes),
      uploadedAt: deps.clock.now(),
    },
    select: { id: true, filename: true, contentType: true, size: true, entrySeq: true },
  });
  return attachmentView(row);
}

/**
 * Attaches the staged files a message names to its history entry, in the message's transaction:
 * each must be the acting party's, for this order, and not sent yet (422 naming the others).
 */
export async function claimAttachments(
  tx: Tx,
  ids: readonly string[],
  where: { orderId: string; owner: Owner; disputeId: string; seq: number },
): Promise<AttachmentView[]> {
  const wanted = [...new Set(ids)];
  if (wanted.length === 0) return [];
  const claimed = await tx.disputeAttachment.updateManyAndReturn({
    where: {
      id: { in: wanted },
      orderId: where.orderId,
      ownerKind: where.owner.kind,
      ownerId: where.owner.id,
      disputeId: null,
    },
    data: { disputeId: where.disputeId, entrySeq: where.seq },
    select: { id: true, filename: true, contentType: true, size: true, entrySeq: true },
  });
  const missing = wanted.filter((id) => !claimed.some((row) => row.id === id));
  if (missing.length > 0) throw unknownDisputeAttachments(missing);
  return wanted.map((id) => attachmentView(claimed.find((row) => row.id === id)!));
}

/** A file of a dispute, for its buyer, its vendor or an operator; 404 otherwise, as for one that does not exist. */
export async function downloadDisputeAttachment(
  db: Db,
  disputeId: string,
  attachmentId: string,
  scope: Scope,
): Promise<FileContent> {
  await findDispute(db, disputeId, scope);
  const file = await db.disputeAttachment.findFirst({ where: { id: attachmentId, disputeId } });
  if (!file) throw disputeAttachmentNotFound(disputeId, attachmentId);
  return { filename: file.filename, contentType: file.contentType, bytes: new Uint8Array(file.content) };
}
