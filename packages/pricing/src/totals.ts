import type { Money, OrderTotals, VatTreatment } from "@mkt/contracts";
import { assertCents, shareHalfUp } from "./rounding.js";

// An order's totals, in integer cents (docs/business-rules.md, Money).
//
//   subtotal = Σ unitPrice × quantity                      exact
//   vat      = roundHalfUp(subtotal × rate / 10 000)       rate in basis points, ONCE per order
//   total    = subtotal + vat                              what the card moves for this order
//   fee      = roundHalfUp(total × 300 / 10 000)           3%, charged to the vendor
//
// Why VAT once per order and not per line: every line of an order shares one treatment, and the
// invoice states VAT per rate on the order's base (French invoices show "le montant de la taxe
// par taux"). Rounding each line then adding would drift from that figure by up to half a cent
// per line (three lines of 2 cents at 20% = 0.4 cent VAT each: per line 0 + 0 + 0 = 0, on the
// order round(1.2) = 1), and the buyer, the vendor's invoice and the ledger would disagree.
//
// Why the fee on `total` (VAT included): the 3% transaction fee is charged on the amount the
// card moves (docs/business-rules.md, Money: "a 3% transaction fee is charged to the vendor on each
// transaction"), and the transaction is the authorization/capture of `total`.

/** The marketplace's transaction fee, in basis points (300 = 3%). */
export const TRANSACTION_FEE_BASIS_POINTS = 300;
const BASIS_POINTS = 10_000;

export interface PricedLine {
  unitPrice: Money;
  /** A positive integer. */
  quantity: number;
}

/** unitPrice × quantity, exactly. */
export function lineAmount(line: PricedLine): Money {
  assertCents(line.unitPrice.amount, "unitPrice.amount");
  if (!Number.isSafeInteger(line.quantity) || line.quantity < 1)
    throw new RangeError(`quantity must be a positive integer, got ${line.quantity}`);
  return { amount: shareHalfUp(line.unitPrice.amount, line.quantity, 1), currency: line.unitPrice.currency };
}

/** VAT on a base amount at a rate in basis points, rounded half up. */
export function vatOn(subtotal: number, rateBasisPoints: number): number {
  return shareHalfUp(subtotal, rateBasisPoints, BASIS_POINTS);
}

/** The 3% fee on the amount the card moves, rounded half up. */
export function transactionFeeOn(total: number): number {
  return shareHalfUp(total, TRANSACTION_FEE_BASIS_POINTS, BASIS_POINTS);
}

/**
 * The part of a charge's fee that goes back to the vendor once `refundedTotal` of its `amount` has
 * been refunded, all refunds so far included: the fee is returned in proportion to the refund.
 *
 * RULE: computed on the running total, never refund by refund, so that partial refunds adding up
 * to the whole charge return exactly the whole fee (three refunds of a third each, each rounded on
 * its own, could return a cent too many or too few). One refund's share is the difference between
 * this figure after it and before it.
 */
export function feeReturnedOn(fee: number, amount: number, refundedTotal: number): number {
  assertCents(fee, "fee");
  assertCents(refundedTotal, "refundedTotal");
  if (!Number.isSafeInteger(amount) || amount <= 0)
    throw new RangeError(`amount must be a positive integer of cents, got ${amount}`);
  if (refundedTotal > amount) throw new RangeError(`refunded ${refundedTotal} is more than the charge's ${amount}`);
  return shareHalfUp(fee, refundedTotal, amount);
}

/**
 * The totals of one order (one vendor's lines, one VAT treatment). All lines share one currency;
 * `currency` names it when there are no lines (an empty cart's zero totals), default EUR.
 */
export function orderTotals(
  lines: readonly PricedLine[],
  treatment: Pick<VatTreatment, "rateBasisPoints">,
  currency?: string,
): OrderTotals {
  const orderCurrency = currency ?? lines[0]?.unitPrice.currency ?? "EUR";
  let subtotal = 0;
  for (const line of lines) {
    if (line.unitPrice.currency !== orderCurrency)
      throw new RangeError(`an order is in one currency: ${line.unitPrice.currency} among ${orderCurrency}`);
    subtotal = addCents(subtotal, lineAmount(line).amount);
  }
  const vat = vatOn(subtotal, treatment.rateBasisPoints);
  const total = addCents(subtotal, vat);
  const fee = transactionFeeOn(total);
  const money = (amount: number): Money => ({ amount, currency: orderCurrency });
  return { subtotal: money(subtotal), vat: money(vat), total: money(total), fee: money(fee) };
}

/**
 * Sums the totals of several orders (a cart of several vendors, a checkout): each figure is the
 * sum of the orders' figures, never recomputed on the sum, since each order is charged on its own.
 */
export function sumTotals(totals: readonly OrderTotals[], currency = "EUR"): OrderTotals {
  const sumCurrency = totals[0]?.total.currency ?? currency;
  const sum = (pick: (t: OrderTotals) => Money): Money => ({
    amount: totals.reduce((acc, t) => {
      const money = pick(t);
      if (money.currency !== sumCurrency)
        throw new RangeError(`totals in one currency only: ${money.currency} among ${sumCurrency}`);
      return addCents(acc, money.amount);
    }, 0),
    currency: sumCurrency,
  });
  return {
    subtotal: sum((t) => t.subtotal),
    vat: sum((t) => t.vat),
    total: sum((t) => t.total),
    fee: sum((t) => t.fee),
  };
}

function addCents(a: number, b: number): number {
  const sum = a + b;
  if (!Number.isSafeInteger(sum)) throw new RangeError(`${a} + ${b} cents is beyond what is safely representable`);
  return sum;
}
