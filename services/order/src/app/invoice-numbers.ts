import { formatInvoiceNumber, invoicePrefix, yearInParis } from "../domain/numbering.js";
import type { Tx } from "./order-store.js";

/**
 * The vendor's next invoice number for the year of `at` (France). The counter row is created or
 * incremented with one INSERT … ON CONFLICT DO UPDATE, which keeps it locked until the caller's
 * transaction ends: concurrent deliveries of one vendor take their numbers one after the other,
 * and a delivery that rolls back gives its number back, so numbers never skip nor repeat.
 */
export async function allocateInvoiceNumber(
  tx: Tx,
  vendor: { vendorId: string; legalName: string },
  at: Date,
): Promise<string> {
  const year = yearInParis(at);
  const [row] = await tx.$queryRawUnsafe<{ prefix: string; last_number: number }[]>(
    `INSERT INTO invoice_counter (vendor_id, year, prefix, last_number) VALUES ($1, $2, $3, 1)
     ON CONFLICT (vendor_id, year) DO UPDATE SET last_number = invoice_counter.last_number + 1
     RETURNING prefix, last_number`,
    vendor.vendorId,
    year,
    invoicePrefix(vendor.legalName),
  );
  if (!row) throw new Error("the invoice counter returned no row");
  return formatInvoiceNumber(row.prefix, year, row.last_number);
}
