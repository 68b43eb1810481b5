import type { Router } from "express";
import { GetVendorBalance, ListVendorLedger } from "@mkt/contracts";
import { mountEndpoints } from "@mkt/service-kit";
import type { PayoutDeps } from "../app/deps.js";
import { getVendorBalance, listVendorLedger } from "../app/read-ledger.js";

/** The payout service's internal API, called by the gateways (contracts: packages/contracts/src/http/payout.ts). */
export function payoutRoutes(router: Router, deps: PayoutDeps): void {
  const db = deps.db.client;
  mountEndpoints(router, [
    [GetVendorBalance, async ({ params }) => getVendorBalance(db, params.vendorId)],
    [ListVendorLedger, async ({ params, query }) => listVendorLedger(db, params.vendorId, query)],
  ]);
}
