import type { OrderDetails, OrderFacts, OrderSummary } from "@mkt/contracts";
import type { TxOf } from "@mkt/service-kit";
import type { Db } from "../db/client.js";
import type { Order, OrderDocument, OrderTransition } from "../generated/prisma/client.js";
import type { Actor, Deadlines, OrderState } from "../domain/order-state.js";
import { orderNotFound } from "./errors.js";

export type Tx = TxOf<Db>;
type Reader = Pick<Db, "order">;

export type OrderRow = Order;
export type LoadedOrder = Order & {
  transitions: OrderTransition[];
  documents: Pick<OrderDocument, "kind" | "number" | "issuedAt">[];
};

/** Who reads or acts: a buyer or vendor only sees its own orders (others answer 404); operators see all. */
export interface Scope {
  buyerId?: string | undefined;
  vendorId?: string | undefined;
}

/** The facts frozen at creation, with the purchase order number (orders stored before it travelled lack it). */
export const factsOf = (order: Order): OrderFacts => ({
  ...(order.facts as unknown as OrderFacts),
  purchaseOrderNumber: order.purchaseOrderNumber,
});
export const deadlinesOf = (order: Order): Deadlines => ({
  transmittedAt: order.transmittedAt,
  reminderAt: order.reminderAt,
  validationDueAt: order.validationDueAt,
  autoCancelAt: order.autoCancelAt,
});
export const stateOf = (order: Order): OrderState => order.state as OrderState;

export function inScope(order: Pick<Order, "buyerId" | "vendorId">, scope: Scope): boolean {
  return (
    (scope.buyerId === undefined || scope.buyerId === order.buyerId) &&
    (scope.vendorId === undefined || scope.vendorId === order.vendorId)
  );
}

const withTimeline = {
  transitions: { orderBy: { seq: "asc" } },
  documents: { select: { kind: true, number: true, issuedAt: true }, orderBy: { issuedAt: "asc" } },
} as const;

/** An order as its party may see it, or 404. */
export async function findOrder(db: Reader, orderId: string, scope: Scope): Promise<LoadedOrder> {
  const order = await db.order.findUnique({
    where: { id: orderId },
    include: withTimeline,
    relationLoadStrategy: "join",
  });
  if (!order || !inScope(order, scope)) throw orderNotFound(orderId);
  return order;
}

/**
 * Locks the order's row for the rest of the transaction (one transition at a time) and reads it
 * with its timeline (one joined query), or 404 when it does not exist or is outside the scope.
 */
export async function lockOrder(tx: Tx, orderId: string, scope: Scope): Promise<LoadedOrder> {
  const order = await lockOrderIfExists(tx, orderId);
  if (!order || !inScope(order, scope)) throw orderNotFound(orderId);
  return order;
}

/** Locks and reads the order (with its timeline) a timer or an event names; null when it does not exist. */
export async function lockOrderIfExists(tx: Tx, orderId: string): Promise<LoadedOrder | null> {
  const locked = await tx.$queryRawUnsafe<{ id: string }[]>(`SELECT id FROM orders WHERE id = $1 FOR UPDATE`, orderId);
  if (locked.length === 0) return null;
  return tx.order.findUniqueOrThrow({ where: { id: orderId }, include: withTimeline, relationLoadStrategy: "join" });
}

/** Appends a transition after the order's last one (`seq`: the order is locked, its timeline read with it). */
export async function recordTransition(
  tx: Tx,
  orderId: string,
  seq: number,
  step: { from: OrderState | null; to: OrderState; at: Date; actor: Actor; note: string | null },
): Promise<OrderTransition> {
  return tx.orderTransition.create({
    data: {
      orderId,
      seq,
      fromState: step.from,
      toState: step.to,
      at: step.at,
      actorKind: step.actor.kind,
      actorId: step.actor.id,
      note: step.note,
    },
  });
}

interface StoredDelivery {
  accessUrl: string;
  instructions: string;
  deliveredAt: string;
  by: Actor;
}

/** The full order, field by field (the response goes out as built: never a row as is). */
export function toDetails(order: LoadedOrder): OrderDetails {
  const facts = factsOf(order);
  const delivery = order.delivery as unknown as StoredDelivery | null;
  return {
    orderId: order.id,
    checkoutId: order.checkoutId,
    paymentId: order.paymentId,
    state: stateOf(order),
    purchaseOrderNumber: order.purchaseOrderNumber,
    invoiceNumber: order.invoiceNumber,
    buyer: facts.buyer,
    vendor: facts.vendor,
    lines: facts.lines,
    vatTreatment: facts.vatTreatment,
    totals: facts.totals,
    transmittedAt: order.transmittedAt.toISOString(),
    deadlines: {
      reminderAt: order.reminderAt.toISOString(),
      validationDueAt: order.validationDueAt.toISOString(),
      autoCancelAt: order.autoCancelAt.toISOString(),
    },
    remindedAt: order.remindedAt?.toISOString() ?? null,
    acceptedLate: order.acceptedLate,
    refusalReason: order.refusalReason,
    cancellationReason: order.cancellationReason as OrderDetails["cancellationReason"],
    delivery: delivery
      ? {
          accessUrl: delivery.accessUrl,
          instructions: delivery.instructions,
          deliveredAt: delivery.deliveredAt,
          by: delivery.by,
        }
      : null,
    documents: order.documents.map((d) => ({
      kind: d.kind as "purchase-order" | "invoice",
      number: d.number,
      issuedAt: d.issuedAt.toISOString(),
    })),
    timeline: order.transitions.map((t) => ({
      from: (t.fromState as OrderState | null) ?? null,
      to: t.toState as OrderState,
      at: t.at.toISOString(),
      actor: { kind: t.actorKind as Actor["kind"], id: t.actorId },
      note: t.note,
    })),
    updatedAt: order.updatedAt.toISOString(),
  };
}

export function toSummary(order: Order): OrderSummary {
  const facts = factsOf(order);
  return {
    orderId: order.id,
    checkoutId: order.checkoutId,
    state: stateOf(order),
    purchaseOrderNumber: order.purchaseOrderNumber,
    buyer: { buyerId: facts.buyer.buyerId, name: facts.buyer.name, kind: facts.buyer.kind },
    vendor: { vendorId: facts.vendor.vendorId, legalName: facts.vendor.legalName },
    lines: facts.lines.map((l) => ({ productName: l.productName, planName: l.planName, quantity: l.quantity })),
    total: facts.totals.total,
    transmittedAt: order.transmittedAt.toISOString(),
    deadlines: {
      reminderAt: order.reminderAt.toISOString(),
      validationDueAt: order.validationDueAt.toISOString(),
      autoCancelAt: order.autoCancelAt.toISOString(),
    },
    updatedAt: order.updatedAt.toISOString(),
  };
}
