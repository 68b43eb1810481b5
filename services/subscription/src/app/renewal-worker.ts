import { ChargeRenewal, IssueRenewalInvoice } from "@mkt/contracts";
import { WakeableLoop, type BackgroundWorker } from "@mkt/service-kit";
import { periodStart, periodTotals } from "../domain/subscription-state.js";
import type { RenewalDeps } from "./deps.js";
import { recordCharge, type ChargeOutcome, type ClaimedPeriod } from "./record-charge.js";
import { domainOf, frozenFactsOf, type SubscriptionRow } from "./subscription-store.js";

/** A crashed worker's lease runs out after this; its periods are then redone, safely (same keys). */
const LEASE_MS = 60_000;
/** A period whose charge could not be completed (payment or order unreachable) is retried after this. */
const RETRY_MS = 5_000;

/**
 * Saga steps renewal.3 and renewal.4 (docs/sagas/renewal.md): charges the due periods. Each pass
 * leases a batch of due periods in one statement (`FOR UPDATE SKIP LOCKED`, so that replicas share
 * the work and never hold the same period), then for each, outside any transaction: payment
 * charges the saved card off-session, order issues the vendor's invoice of a paid period, and the
 * outcome is recorded (record-charge.ts).
 *
 * No period is charged twice: both calls carry the attempt's charge key as their Idempotency-Key,
 * so a replica that redoes a period whose lease ran out (the first one crashed, or is slow) gets
 * the same charge and the same invoice back, and only the first recording counts.
 */
export class RenewalWorker implements BackgroundWorker {
  readonly name = "subscription-renewal-worker";
  private readonly loop: WakeableLoop;

  constructor(
    private readonly deps: RenewalDeps,
    private readonly options: { batchSize: number; pollMs: number },
  ) {
    this.loop = new WakeableLoop(() => this.step(), {
      idleMs: options.pollMs,
      onError: (err) => deps.log.error({ err }, "renewal worker failed"),
    });
  }

  start(): void {
    this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  nudge(): void {
    this.loop.nudge();
  }

  /** One batch of due periods, if any. */
  async step(): Promise<"more" | "idle"> {
    const now = this.deps.clock.now();
    const until = new Date(now.getTime() + LEASE_MS);
    const claimed = await this.deps.db.client.$queryRaw<ClaimedPeriod[]>`
      UPDATE subscription_period p SET lease_until = ${until}
      FROM (
        SELECT subscription_id, number FROM subscription_period
        WHERE state = 'due' AND (lease_until IS NULL OR lease_until < ${now})
        ORDER BY due_at LIMIT ${this.options.batchSize} FOR UPDATE SKIP LOCKED
      ) due
      WHERE p.subscription_id = due.subscription_id AND p.number = due.number
      RETURNING p.subscription_id::text AS "subscriptionId", p.number, p.charge_key AS "chargeKey"`;
    if (claimed.length === 0) return "idle";
    const rows = await this.deps.db.client.subscription.findMany({
      where: { id: { in: [...new Set(claimed.map((period) => period.subscriptionId))] } },
    });
    const byId = new Map(rows.map((row) => [row.id, row]));
    await Promise.all(
      claimed.map(async (period) => {
        const row = byId.get(period.subscriptionId);
        if (!row) return;
        try {
          const outcome = await this.charge(row, period);
          await this.deps.db.transaction((tx) => recordCharge(this.deps, tx, period, outcome));
        } catch (err) {
          this.deps.log.warn(
            { err, subscriptionId: period.subscriptionId, period: period.number },
            "renewal charge not completed; retried later with the same key",
          );
          await this.deps.db.client.subscriptionPeriod.updateMany({
            where: { subscriptionId: period.subscriptionId, number: period.number, chargeKey: period.chargeKey },
            data: { leaseUntil: new Date(this.deps.clock.now().getTime() + RETRY_MS) },
          });
        }
      }),
    );
    return claimed.length >= this.options.batchSize ? "more" : "idle";
  }

  /** Charges the period (and has it invoiced when paid): payment's and order's answers for its key. */
  private async charge(row: SubscriptionRow, period: ClaimedPeriod): Promise<ChargeOutcome> {
    const facts = frozenFactsOf(row);
    const subscription = domainOf(row);
    const totals = periodTotals(subscription);
    const charge = await this.deps.payment.call(ChargeRenewal, {
      idempotencyKey: period.chargeKey,
      body: {
        subscriptionId: row.id,
        periodNumber: period.number,
        buyerId: row.buyerId,
        vendorId: row.vendorId,
        amount: totals.total,
        fee: totals.fee,
        description: `${facts.productName} (${facts.planName})`.slice(0, 200),
      },
    });
    if (charge.status === "failed") {
      return { kind: "failed", reason: charge.failureReason ?? "card-declined", declineCode: charge.declineCode };
    }
    const invoice = await this.deps.order.call(IssueRenewalInvoice, {
      idempotencyKey: period.chargeKey,
      params: { orderId: row.orderId },
      body: {
        subscriptionId: row.id,
        lineId: row.lineId,
        period: {
          number: period.number,
          startsOn: periodStart(subscription, period.number),
          endsBefore: periodStart(subscription, period.number + 1),
        },
        totals,
        paymentId: charge.chargeId,
        paidAt: charge.chargedAt,
      },
    });
    return {
      kind: "paid",
      paymentId: charge.chargeId,
      invoiceNumber: invoice.number,
      paidAt: new Date(charge.chargedAt),
    };
  }
}
