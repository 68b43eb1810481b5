import type { Router } from "express";
import { z } from "zod";
import { PublicContact } from "@mkt/contracts";
import { parseInput } from "@mkt/service-kit";
import { applyAsVendor } from "../app/apply-as-vendor.js";
import { approveVendor } from "../app/approve-vendor.js";
import type { VendorKycDeps } from "../app/deps.js";

const applicationBody = z.object({ legalName: z.string().trim().min(1).max(200), publicContact: PublicContact });
const vendorParams = z.object({ vendorId: z.uuid() });

function present(vendor: { id: string; legalName: string; status: string; submittedAt: Date; decidedAt: Date | null }) {
  return { id: vendor.id, legalName: vendor.legalName, status: vendor.status, submittedAt: vendor.submittedAt.toISOString(), decidedAt: vendor.decidedAt?.toISOString() ?? null };
}

/** The service's internal API, called by the vendor and back-office gateways. */
export function vendorKycRoutes(router: Router, deps: VendorKycDeps): void {
  router.post("/vendors", async (req, res) => {
    const vendor = await applyAsVendor(deps, parseInput(applicationBody, req.body));
    res.status(201).json(present(vendor));
  });
  router.post("/vendors/:vendorId/approve", async (req, res) => {
    const { vendorId } = parseInput(vendorParams, req.params, "params");
    res.json(present(await approveVendor(deps, vendorId)));
  });
}

