import {
  OrderAcceptedV1,
  OrderCancelledV1,
  OrderDeliveredV1,
  OrderOverdueV1,
  OrderRefusedV1,
  OrderValidationReminderV1,
  OrderWithdrawnV1,
  DEFAULT_TIME_ZONE,
  type OrderDetails,
} from "@mkt/contracts";
import type { DueTimer } from "@mkt/service-kit";
import { decide, shouldRemind, WAITING_STATES, type Actor, type OrderCommand } from "../domain/order-state.js";
import { renderInvoice } from "../documents/invoice.js";
import type { Prisma } from "../generated/prisma/client.js";
import type { OrderDeps } from "./deps.js";
import { transitionRefused } from "./errors.js";
import { allocateInvoiceNumber } from "./invoice-numbers.js";
import {
  deadlinesOf,
  factsOf,
  lockOrder,
  lockOrderIfExists,
  recordTransition,
  stateOf,
  toDetails,
  type LoadedOrder,
  type Scope,
  type Tx,
} from "./order-store.js";
import { disarmOrderTimers } from "./timers.js";
import { vendorParty } from "./vendor-identity.js";

export interface DeliveryInput {
  accessUrl: string;
  instructions: string;
}

/**
 * Applies one command to a locked order: decides (pure), then records each transition in the
 * timeline, updates the order, disarms the timers that no longer apply and adds one event per
 * transition, all in the caller's transaction. Answers the order as it now is, built from what
 * was written (no read back); unchanged when the command changes nothing.
 */
async function apply(
  deps: OrderDeps,
  tx: Tx,
  order: LoadedOrder,
  command: OrderCommand,
  delivery?: DeliveryInput,
): Promise<LoadedOrder> {
  const now = deps.clock.now();
  const decision = decide(stateOf(order), command, deadlinesOf(order), now);
  if (decision.kind === "refused") throw transitionRefused(order.id, decision);
  if (decision.kind === "unchanged") return order;

  const facts = factsOf(order);
  const update: Prisma.OrderUpdateInput = { updatedAt: now };
  const transitions = [...order.transitions];
  const documents = [...order.documents];
  for (const step of decision.steps) {
    transitions.push(await recordTransition(tx, order.id, (transitions.at(-1)?.seq ?? 0) + 1, step));
    update.state = step.to;
    const at = step.at.toISOString();
    const by: Actor = step.actor;
    switch (step.to) {
      case "overdue":
        await disarmOrderTimers(deps.timers, tx, order.id, ["reminder", "overdue"]);
        await deps.outbox.add(tx, OrderOverdueV1, { order: facts, overdueAt: at });
        break;
      case "accepted":
        update.acceptedLate = step.late ?? false;
        await disarmOrderTimers(deps.timers, tx, order.id, ["reminder", "overdue", "autoCancel"]);
        await deps.outbox.add(tx, OrderAcceptedV1, { order: facts, by, late: step.late ?? false, acceptedAt: at });
        break;
      case "refused":
        update.refusalReason = step.refusalReason ?? null;
        await disarmOrderTimers(deps.timers, tx, order.id, ["reminder", "overdue", "autoCancel"]);
        await deps.outbox.add(tx, OrderRefusedV1, {
          order: facts,
          by,
          reason: step.refusalReason ?? "",
          refusedAt: at,
        });
        break;
      case "cancelled": {
        const reason = step.cancellationReason ?? "expired-unanswered";
        update.cancellationReason = reason;
        await disarmOrderTimers(deps.timers, tx, order.id, ["reminder", "overdue", "autoCancel"]);
        await deps.outbox.add(tx, OrderCancelledV1, { order: facts, by, reason, cancelledAt: at });
        break;
      }
      case "delivered": {
        if (!delivery) throw new Error("a delivery needs its details");
        const invoiceNumber = await allocateInvoiceNumber(tx, facts.vendor, step.at);
        const pdf = await renderInvoice({
          number: invoiceNumber,
          orderId: order.id,
          purchaseOrderNumber: order.purchaseOrderNumber,
          issuedAt: step.at,
          deliveredAt: step.at,
          seller: vendorParty(facts.vendor),
          buyer: facts.buyer,
          lines: facts.lines,
          vatTreatment: facts.vatTreatment,
          totals: facts.totals,
        });
        const invoice = await tx.orderDocument.create({
          data: {
            orderId: order.id,
            kind: "invoice",
            number: invoiceNumber,
            issuedAt: step.at,
            content: new Uint8Array(pdf),
          },
          select: { kind: true, number: true, issuedAt: true },
        });
        documents.push(invoice);
        update.invoiceNumber = invoiceNumber;
        update.delivery = {
          accessUrl: delivery.accessUrl,
          instructions: delivery.instructions,
          deliveredAt: at,
          by: { kind: by.kind, id: by.id },
        };
        await deps.outbox.add(tx, OrderDeliveredV1, { order: facts, delivery, invoiceNumber, deliveredAt: at });
        break;
      }
      case "withdrawn": {
        if (!step.withdrawal) throw new Error("a withdrawal needs its decision");
        const { money, lastDay } = step.withdrawal;
        if (WAITING_STATES.includes(step.from))
          await disarmOrderTimers(deps.timers, tx, order.id, ["reminder", "overdue", "autoCancel"]);
        await deps.outbox.add(tx, OrderWithdrawnV1, {
          order: facts,
          by: { kind: "buyer", id: by.id ?? order.buyerId },
          money,
          // What was captured is the order's total (payment captures the authorized amount).
          refund: money === "refund-in-full" ? facts.totals.total : null,
          lastDay,
          withdrawnAt: at,
        });
        break;
      }
      case "transmitted":
        throw new Error("nothing moves an order back to transmitted");
    }
  }
  const updated = await tx.order.update({ where: { id: order.id }, data: update });
  return { ...updated, transitions, documents };
}

/** A party's command through the HTTP API: 404 outside its scope, 409 in a wrong state; answers the order. */
async function act(
  deps: OrderDeps,
  orderId: string,
  scope: Scope,
  command: OrderCommand,
  delivery?: DeliveryInput,
): Promise<OrderDetails> {
  const order = await deps.db.transaction(async (tx) =>
    apply(deps, tx, await lockOrder(tx, orderId, scope), command, delivery),
  );
  return toDetails(order);
}

/**
 * Saga step order-validation.2 (docs/sagas/order-validation.md): the vendor accepts; payment captures
 * (order-validation.7).
 */
export const acceptOrder = (deps: OrderDeps, orderId: string, vendorId: string) =>
  act(deps, orderId, { vendorId }, { kind: "accept", actor: { kind: "vendor", id: vendorId } });

/**
 * Saga step order-validation.3 (docs/sagas/order-validation.md): the vendor refuses; payment releases
 * (order-validation.8).
 */
export const refuseOrder = (deps: OrderDeps, orderId: string, input: { vendorId: string; reason: string }) =>
  act(
    deps,
    orderId,
    { vendorId: input.vendorId },
    { kind: "refuse", actor: { kind: "vendor", id: input.vendorId }, reason: input.reason },
  );

/** Saga step order-validation.9 (docs/sagas/order-validation.md): the vendor delivers; the invoice is issued. */
export const deliverOrder = (deps: OrderDeps, orderId: string, input: { vendorId: string } & DeliveryInput) =>
  act(
    deps,
    orderId,
    { vendorId: input.vendorId },
    { kind: "deliver", actor: { kind: "vendor", id: input.vendorId } },
    { accessUrl: input.accessUrl, instructions: input.instructions },
  );

/**
 * Saga step order-validation.5 (docs/sagas/order-validation.md): the buyer cancels an overdue order; payment releases.
 */
export const cancelOverdueOrder = (deps: OrderDeps, orderId: string, buyerId: string) =>
  act(deps, orderId, { buyerId }, { kind: "cancel-by-buyer", actor: { kind: "buyer", id: buyerId } });

/**
 * Saga step withdrawal.1 (docs/sagas/withdrawal.md): the buyer withdraws within the legal period
 * (7 days for a company, 14 for an individual, from the order's date in the buyer's zone; the
 * kind of buyer frozen at order time); order.withdrawn makes payment release the authorization
 * (not accepted yet) or refund in full (withdrawal.2), the subscriptions end (withdrawal.3).
 * Compensation: none (a withdrawal is final; a refund the processor refuses stays for operators).
 * Withdrawing again answers the order as it is.
 */
export function withdrawOrder(deps: OrderDeps, orderId: string, buyerId: string): Promise<OrderDetails> {
  return deps.db
    .transaction(async (tx) => {
      const order = await lockOrder(tx, orderId, { buyerId });
      const facts = factsOf(order);
      const period = {
        orderedAt: order.transmittedAt,
        buyerKind: facts.buyer.kind,
        timeZone: facts.buyer.timeZone ?? DEFAULT_TIME_ZONE,
      };
      return apply(deps, tx, order, { kind: "withdraw", actor: { kind: "buyer", id: buyerId }, period });
    })
    .then(toDetails);
}

/** Locks the order a timer names; null when it does not exist (nothing to do). */
const lockForTimer = (tx: Tx, timer: DueTimer) => lockOrderIfExists(tx, timer.key);

/**
 * Saga step order-validation.1 (docs/sagas/order-validation.md), timer order.validation-reminder. 24 h: the vendor is
 * reminded, only if the order still awaits its first answer. Not a transition.
 */
export const onReminderDue = (deps: OrderDeps) => async (timer: DueTimer, tx: Tx) => {
  const order = await lockForTimer(tx, timer);
  if (!order) return;
  const now = deps.clock.now();
  if (!shouldRemind(stateOf(order), deadlinesOf(order), now, order.remindedAt)) return;
  await tx.order.update({ where: { id: order.id }, data: { remindedAt: now } });
  await deps.outbox.add(tx, OrderValidationReminderV1, { order: factsOf(order), remindedAt: now.toISOString() });
};

/**
 * Saga step order-validation.4 (docs/sagas/order-validation.md), timer order.overdue. 48 h: an unanswered order becomes
 * overdue.
 */
export const onValidationDue = (deps: OrderDeps) => async (timer: DueTimer, tx: Tx) => {
  const order = await lockForTimer(tx, timer);
  if (order) await apply(deps, tx, order, { kind: "mark-overdue" });
};

/**
 * Saga step order-validation.6 (docs/sagas/order-validation.md), timer order.auto-cancel. 5 days: an order still
 * unanswered is cancelled (expired-unanswered); an accepted one is left alone.
 */
export const onAutoCancelDue = (deps: OrderDeps) => async (timer: DueTimer, tx: Tx) => {
  const order = await lockForTimer(tx, timer);
  if (order) await apply(deps, tx, order, { kind: "expire" });
};
