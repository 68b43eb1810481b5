// Document numbers. Purchase orders are numbered by the platform from the order id (unique, no
// counter needed); invoices are the vendor's, sequential and gapless per vendor and calendar year
// (the counter lives in the database: src/app/invoice-numbers.ts).

export const DOCUMENT_TIME_ZONE = "Europe/Paris";

/** The calendar year of `at` in France, where the marketplace keeps its books. */
export function yearInParis(at: Date): number {
  return Number(new Intl.DateTimeFormat("en-GB", { timeZone: DOCUMENT_TIME_ZONE, year: "numeric" }).format(at));
}

/** `2026-03-15`, the date in France. */
export function dateInParis(at: Date): string {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone: DOCUMENT_TIME_ZONE,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(at);
  return parts;
}

/**
 * A vendor's invoice prefix: the first four letters or digits of its legal name, upper case,
 * without accents (`Nuage Souverain SAS` → `NUAG`), `INV` when it has none. Stored with the
 * vendor's counter at its first invoice of a year, so a later change of name changes nothing.
 */
export function invoicePrefix(legalName: string): string {
  const letters = legalName
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, "");
  return letters.slice(0, 4) || "INV";
}

/** `NUAG-2026-000001`. */
export function formatInvoiceNumber(prefix: string, year: number, sequence: number): string {
  if (!Number.isInteger(sequence) || sequence < 1) throw new RangeError("an invoice sequence starts at 1");
  return `${prefix}-${year}-${String(sequence).padStart(6, "0")}`;
}

/** `PO-20260315-8F3A1C2B9D`: the date of transmission (France) and the end of the order id. */
export function purchaseOrderNumber(orderId: string, transmittedAt: Date): string {
  const tail =
    orderId
      .replace(/[^A-Za-z0-9]/g, "")
      .slice(-10)
      .toUpperCase() || "0";
  return `PO-${dateInParis(transmittedAt).replace(/-/g, "")}-${tail}`;
}
