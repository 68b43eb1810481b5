import { z } from "zod";
import { defineEndpoint } from "./define-endpoint.js";
import { PublicContact, Timestamp } from "../common/primitives.js";

// vendor-kyc's internal API (not public): called by vendor-api and backoffice-api with
// createServiceClient. WIRE FORMAT between services: change it with both sides.

export const VendorApplicationInput = z.object({ legalName: z.string().trim().min(1).max(200), publicContact: PublicContact });

export const VendorReview = z
  .object({
    id: z.uuid(),
    legalName: z.string(),
    status: z.string(),
    submittedAt: Timestamp,
    decidedAt: Timestamp.nullable(),
  })
  .meta({ id: "VendorReview" });

export const ApplyAsVendor = defineEndpoint({
  method: "post",
  path: "/vendors",
  summary: "Record a company's application to sell (its KYC review starts)",
  tags: ["vendors"],
  body: VendorApplicationInput,
  response: { status: 201, schema: VendorReview },
});

export const ApproveVendor = defineEndpoint({
  method: "post",
  path: "/vendors/:vendorId/approve",
  summary: "Approve a submitted application",
  tags: ["vendors"],
  params: z.object({ vendorId: z.uuid() }),
  response: { status: 200, schema: VendorReview },
  errors: [404, 409],
});
