import { randomUUID } from "node:crypto";
import type { RenewalInvoiceInput } from "@mkt/contracts";
import { call, download, type Answer, type Download } from "@mkt/testing";
import { draft, placeCheckout, vendorSnapshot, type OrderUnderTest } from "./order.js";

/** An order accepted and delivered by its vendor: its invoice took the vendor's next number. */
export async function deliveredOrder(order: OrderUnderTest, vendor = vendorSnapshot(randomUUID())) {
  const d = draft(vendor);
  const { checkout } = await placeCheckout(order, [d]);
  const url = order.service.url;
  const accepted = await call(url, "POST", `/orders/${d.orderId}/accept`, { body: { vendorId: vendor.vendorId } });
  expect(accepted.status).toBe(200);
  const delivered = await call(url, "POST", `/orders/${d.orderId}/deliver`, {
    body: { vendorId: vendor.vendorId, accessUrl: "https://app.example/acme", instructions: "Sign in." },
  });
  expect(delivered.status).toBe(200);
  return {
    orderId: d.orderId,
    line: d.lines[0]!,
    vendorId: vendor.vendorId,
    buyerId: checkout.buyer.buyerId,
    invoiceNumber: delivered.body.invoiceNumber as string,
  };
}

/** What the renewal worker sends once payment charged a period of the order's line: one period, 49.00 EUR × 2 + 20%. */
export function renewalOf(
  delivered: { line: { lineId: string } },
  changes: Partial<RenewalInvoiceInput> = {},
): RenewalInvoiceInput {
  return {
    subscriptionId: randomUUID(),
    lineId: delivered.line.lineId,
    period: { number: 1, startsOn: "2026-04-15", endsBefore: "2026-05-15" },
    totals: {
      subtotal: { amount: 9800, currency: "EUR" },
      vat: { amount: 1960, currency: "EUR" },
      total: { amount: 11760, currency: "EUR" },
      fee: { amount: 353, currency: "EUR" },
    },
    paymentId: randomUUID(),
    paidAt: "2026-04-15T05:00:00.000Z",
    ...changes,
  };
}

/**
 * POST /orders/{id}/renewal-invoices as the renewal worker calls it, with the period's charge key (null: none sent).
 */
export function issueRenewalInvoice(
  order: OrderUnderTest,
  orderId: string,
  body: unknown,
  idempotencyKey: string | null = randomUUID(),
): Promise<Answer> {
  return call(order.service.url, "POST", `/orders/${orderId}/renewal-invoices`, {
    body,
    headers: idempotencyKey === null ? {} : { "idempotency-key": idempotencyKey },
  });
}

export function downloadRenewalInvoice(
  order: OrderUnderTest,
  orderId: string,
  number: string,
  scope: string,
): Promise<Download> {
  return download(order.service.url, `/orders/${orderId}/renewal-invoices/${number}?${scope}`);
}

/** The vendor's invoice counter of a year: the last number it issued. */
export async function lastInvoiceNumber(order: OrderUnderTest, vendorId: string, year = 2026): Promise<number> {
  const [row] = await order.database.query<{ last_number: number }>(
    `SELECT last_number FROM invoice_counter WHERE vendor_id = $1 AND year = $2`,
    [vendorId, year],
  );
  return row?.last_number ?? 0;
}
