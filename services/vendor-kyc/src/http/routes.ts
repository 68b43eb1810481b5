import type { Router } from "express";
import { ApplyAsVendor, ApproveVendor } from "@mkt/contracts";
import { mountEndpoint } from "@mkt/service-kit";
import { applyAsVendor } from "../app/apply-as-vendor.js";
import { approveVendor } from "../app/approve-vendor.js";
import type { VendorKycDeps } from "../app/deps.js";

function present(vendor: { id: string; legalName: string; status: string; submittedAt: Date; decidedAt: Date | null }) {
  return { id: vendor.id, legalName: vendor.legalName, status: vendor.status, submittedAt: vendor.submittedAt.toISOString(), decidedAt: vendor.decidedAt?.toISOString() ?? null };
}

/**
 * The service's internal API, called by the vendor and back-office gateways with
 * `createServiceClient`: the endpoints are declared once in @mkt/contracts (http/vendor-kyc.ts).
 */
export function vendorKycRoutes(router: Router, deps: VendorKycDeps): void {
  mountEndpoint(router, ApplyAsVendor, async ({ body }) => present(await applyAsVendor(deps, body)));
  mountEndpoint(router, ApproveVendor, async ({ params }) => present(await approveVendor(deps, params.vendorId)));
}
