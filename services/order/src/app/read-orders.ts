import type { FileContent, OrderDetails, OrderDocumentKind } from "@mkt/contracts";
import type { Db } from "../db/client.js";
import { documentNotFound } from "./errors.js";
import { findOrder, toDetails, type Scope } from "./order-store.js";

export async function getOrder(db: Db, orderId: string, scope: Scope): Promise<OrderDetails> {
  return toDetails(await findOrder(db, orderId, scope));
}

/** The purchase order or invoice PDF; the invoice exists once the order is delivered (404 before). */
export async function downloadOrderDocument(
  db: Db,
  orderId: string,
  kind: OrderDocumentKind,
  scope: Scope,
): Promise<FileContent> {
  await findOrder(db, orderId, scope);
  const document = await db.orderDocument.findUnique({ where: { orderId_kind: { orderId, kind } } });
  if (!document) throw documentNotFound(orderId, kind);
  return {
    filename: `${document.number}.pdf`,
    contentType: "application/pdf",
    bytes: new Uint8Array(document.content),
  };
}
