import type { OrderTotals, RenewalInvoice, RenewalInvoiceInput } from "@mkt/contracts";
import { isUniqueViolation, requestFingerprint, uuidv7, ValidationError } from "@mkt/service-kit";
import { isPeriod } from "../domain/service-period.js";
import type { RenewalInvoice as RenewalInvoiceRow } from "../generated/prisma/client.js";
import type { OrderDeps } from "./deps.js";
import { idempotencyKeyReused, orderNotFound, unknownOrderLine } from "./errors.js";
import { allocateInvoiceNumber } from "./invoice-numbers.js";
import { factsOf, lockOrderIfExists, type Tx } from "./order-store.js";

type Reader = Pick<Tx, "renewalInvoice">;
const answered = { omit: { content: true } } as const;
type StoredInvoice = Omit<RenewalInvoiceRow, "content">;

/**
 * Saga step renewal.4 (docs/sagas/renewal.md), order's side: the vendor's invoice of a paid
 * renewal period, asked by the subscription service's renewal worker once payment has charged it.
 * Compensation: none (an invoice is never withdrawn; a refund would be a credit note).
 *
 * Idempotent by the Idempotency-Key (the period's charge key): a retry answers the invoice the
 * first call issued, the key with another request is a 409. One invoice per period too: the period
 * already invoiced under another key answers that invoice. The number is taken on the vendor's
 * invoice sequence (the orders' one) in the transaction that stores the row, so a call that fails
 * gives its number back; the PDF is drawn on the first download from what the row and the order
 * froze (read-renewal-invoices.ts), not here, where the vendor's sequence is locked meanwhile. Two concurrent calls with one key: the order's row lock
 * makes the second wait and then find the first's invoice; the unique indexes (key, period) are
 * the net beneath, a violation answering the winner's invoice.
 */
export async function issueRenewalInvoice(
  deps: OrderDeps,
  orderId: string,
  input: RenewalInvoiceInput,
  idempotencyKey: string,
): Promise<RenewalInvoice> {
  if (!isPeriod(input.period))
    throw new ValidationError([{ path: "period.endsBefore", message: "must be after period.startsOn" }]);
  const fingerprint = requestFingerprint("IssueRenewalInvoice", { orderId, ...input });
  const db = deps.db.client;
  const previous = await invoiceOfKey(db, idempotencyKey, fingerprint);
  if (previous) return previous;
  try {
    return await deps.db.transaction(async (tx) => issueOnce(deps, tx, orderId, input, idempotencyKey, fingerprint));
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const winner =
      (await invoiceOfKey(db, idempotencyKey, fingerprint)) ??
      (await invoiceOfPeriod(db, input.subscriptionId, input.period.number));
    if (!winner) throw error;
    return winner;
  }
}

async function issueOnce(
  deps: OrderDeps,
  tx: Tx,
  orderId: string,
  input: RenewalInvoiceInput,
  idempotencyKey: string,
  fingerprint: string,
): Promise<RenewalInvoice> {
  // The order's row lock serialises the renewal invoices of one order: a concurrent call with
  // the same key, once the lock is ours, has committed and is found below.
  const order = await lockOrderIfExists(tx, orderId);
  if (!order) throw orderNotFound(orderId);
  const replayed =
    (await invoiceOfKey(tx, idempotencyKey, fingerprint)) ??
    (await invoiceOfPeriod(tx, input.subscriptionId, input.period.number));
  if (replayed) return replayed;

  const facts = factsOf(order);
  const line = facts.lines.find((candidate) => candidate.lineId === input.lineId);
  if (!line) throw unknownOrderLine(orderId, input.lineId);

  const issuedAt = deps.clock.now();
  const paidAt = new Date(input.paidAt);
  const number = await allocateInvoiceNumber(tx, facts.vendor, issuedAt);
  const row = await tx.renewalInvoice.create({
    data: {
      id: uuidv7(issuedAt.getTime()),
      orderId,
      vendorId: order.vendorId,
      subscriptionId: input.subscriptionId,
      lineId: input.lineId,
      periodNumber: input.period.number,
      periodStartsOn: calendarDay(input.period.startsOn),
      periodEndsBefore: calendarDay(input.period.endsBefore),
      number,
      totals: input.totals,
      paymentId: input.paymentId,
      paidAt,
      issuedAt,
      idempotencyKey,
      requestFingerprint: fingerprint,
    },
    ...answered,
  });
  return toRenewalInvoice(row);
}

/** The invoice a key already issued, if any; the key with another request is a 409. */
async function invoiceOfKey(db: Reader, idempotencyKey: string, fingerprint: string) {
  const previous = await db.renewalInvoice.findUnique({ where: { idempotencyKey }, ...answered });
  if (!previous) return undefined;
  if (previous.requestFingerprint !== fingerprint) throw idempotencyKeyReused();
  return toRenewalInvoice(previous);
}

/** The invoice of a period already issued (under another key), if any: never two for one period. */
async function invoiceOfPeriod(db: Reader, subscriptionId: string, periodNumber: number) {
  const previous = await db.renewalInvoice.findUnique({
    where: { subscriptionId_periodNumber: { subscriptionId, periodNumber } },
    ...answered,
  });
  return previous ? toRenewalInvoice(previous) : undefined;
}

/** A DATE column holds the calendar day; Prisma passes it as midnight UTC of that day. */
const calendarDay = (isoDate: string) => new Date(`${isoDate}T00:00:00.000Z`);
const isoDateOf = (day: Date) => day.toISOString().slice(0, 10);

/** The invoice field by field (the response goes out as built: never a row as is). */
export function toRenewalInvoice(row: StoredInvoice): RenewalInvoice {
  return {
    invoiceId: row.id,
    orderId: row.orderId,
    subscriptionId: row.subscriptionId,
    lineId: row.lineId,
    periodNumber: row.periodNumber,
    periodStartsOn: isoDateOf(row.periodStartsOn),
    periodEndsBefore: isoDateOf(row.periodEndsBefore),
    number: row.number,
    totals: row.totals as unknown as OrderTotals,
    paymentId: row.paymentId,
    paidAt: row.paidAt.toISOString(),
    issuedAt: row.issuedAt.toISOString(),
  };
}
