import { z } from "zod";
import { defineEndpoint } from "./define-endpoint.js";
import { Page, PageQuery } from "./common.js";
import { Currency, Id, Timestamp } from "../common/primitives.js";

// payout's internal API (not public): vendor-api shows a vendor its balance and ledger, the back
// office any vendor's. Amounts are integer minor units of `currency`. The vendor's id comes from
// the caller's credential. WIRE FORMAT between services: change it with every side.

const VendorParams = z.object({ vendorId: Id.meta({ description: "The vendor whose money it is." }) });

/** A vendor's balances in one currency, read from the ledger. */
export const VendorBalance = z
  .object({
    currency: Currency,
    pending: z.number().int().meta({ description: "Shares of charges still in their 21-day hold." }),
    available: z
      .number()
      .int()
      .meta({ description: "What the next payout pays; negative after a refund of money already paid out." }),
    paidOut: z.number().int().meta({ description: "Sent to the vendor's bank account, returned transfers deducted." }),
  })
  .meta({ id: "VendorBalance" });
export type VendorBalance = z.infer<typeof VendorBalance>;

export const LEDGER_TRANSACTION_KINDS = [
  "charge-captured",
  "renewal-charged",
  "refund",
  "hold-released",
  "payout-sent",
  "payout-returned",
] as const;

/** One transaction of the ledger as a vendor sees it: what it changed on each of its balances. */
export const VendorLedgerLine = z
  .object({
    transactionId: Id,
    kind: z.enum(LEDGER_TRANSACTION_KINDS),
    occurredAt: Timestamp,
    currency: Currency,
    orderId: Id.nullable(),
    chargeId: Id.nullable(),
    payoutId: Id.nullable(),
    /** Gross amount of the charge or refund (what the buyer's card moved); null for holds and payouts. */
    gross: z.number().int().nullable(),
    /** The marketplace's fee taken (positive) or returned (negative); null where none moves. */
    fee: z.number().int().nullable(),
    pending: z.number().int(),
    available: z.number().int(),
    paidOut: z.number().int(),
  })
  .meta({ id: "VendorLedgerLine" });
export type VendorLedgerLine = z.infer<typeof VendorLedgerLine>;

export const GetVendorBalance = defineEndpoint({
  method: "get",
  path: "/vendors/:vendorId/balance",
  summary: "A vendor's pending, available and paid-out balances, per currency, from the ledger",
  tags: ["ledger"],
  params: VendorParams,
  response: { status: 200, schema: z.object({ vendorId: Id, balances: z.array(VendorBalance) }) },
});

export const ListVendorLedger = defineEndpoint({
  method: "get",
  path: "/vendors/:vendorId/ledger",
  summary: "A vendor's ledger lines, newest first, a page at a time",
  tags: ["ledger"],
  params: VendorParams,
  query: PageQuery,
  response: { status: 200, schema: Page(VendorLedgerLine) },
  errors: [400],
});
