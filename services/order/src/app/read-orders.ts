import type { FileContent, OrderDetails, OrderDocumentKind } from "@mkt/contracts";
import type { Db } from "../db/client.js";
import { renderPurchaseOrder } from "../documents/purchase-order.js";
import type { Order } from "../generated/prisma/client.js";
import { documentNotFound } from "./errors.js";
import { factsOf, findOrder, inScope, toDetails, type Scope } from "./order-store.js";
import { vendorParty } from "./vendor-identity.js";

export async function getOrder(db: Db, orderId: string, scope: Scope): Promise<OrderDetails> {
  return toDetails(await findOrder(db, orderId, scope));
}

/**
 * The purchase order or invoice PDF; the invoice exists once the order is delivered (404 before).
 * A purchase order is rendered on its first download, from the facts frozen at transmission, and
 * kept (the first one stored wins): rendering inside the checkout's transaction held it open.
 */
export async function downloadOrderDocument(
  db: Db,
  orderId: string,
  kind: OrderDocumentKind,
  scope: Scope,
): Promise<FileContent> {
  const document = await db.orderDocument.findUnique({
    where: { orderId_kind: { orderId, kind } },
    include: { order: true },
  });
  if (!document || !inScope(document.order, scope)) {
    await findOrder(db, orderId, scope); // 404 for the order first: another party's order is not theirs to know
    throw documentNotFound(orderId, kind);
  }
  let content = document.content;
  if (!content) {
    content = new Uint8Array(await renderPurchaseOrder(purchaseOrderFactsOf(document.order, document.issuedAt)));
    await db.orderDocument.updateMany({ where: { orderId, kind, content: null }, data: { content } });
  }
  return {
    filename: `${document.number}.pdf`,
    contentType: "application/pdf",
    bytes: new Uint8Array(content),
  };
}

function purchaseOrderFactsOf(order: Order, issuedAt: Date) {
  const facts = factsOf(order);
  return {
    number: order.purchaseOrderNumber,
    orderId: order.id,
    checkoutId: order.checkoutId,
    issuedAt,
    validationDueAt: order.validationDueAt,
    vendor: vendorParty(facts.vendor),
    buyer: facts.buyer,
    lines: facts.lines,
    vatTreatment: facts.vatTreatment,
    totals: facts.totals,
  };
}
