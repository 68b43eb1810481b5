import type { Router } from "express";
import {
  ApproveVendor,
  CreateVendorApplication,
  DeleteKycDocument,
  DownloadKycDocument,
  GetVendorKyc,
  ListKycReviews,
  RejectVendor,
  RequestVendorInformation,
  SetBankAccount,
  SubmitVendorApplication,
  UpdateVendorApplication,
  UploadKycDocument,
  VerifyBankAccount,
} from "@mkt/contracts";
import { mountEndpoints } from "@mkt/service-kit";
import { createApplication } from "../app/create-application.js";
import type { Actor, VendorKycDeps } from "../app/deps.js";
import { deleteDocument, downloadDocument, uploadDocument } from "../app/documents.js";
import { listReviews } from "../app/list-reviews.js";
import { approveVendor, rejectVendor, requestInformation, verifyBankAccount } from "../app/review-vendor.js";
import { setBankAccount } from "../app/set-bank-account.js";
import { submitApplication } from "../app/submit-application.js";
import { updateApplication } from "../app/update-application.js";
import { loadVendorKyc } from "../app/vendor-record.js";

/** The vendor acting through vendor-api (which takes the vendor id from the caller's credential). */
const vendor = (vendorId: string): Actor => ({ kind: "vendor", id: vendorId });

/**
 * The service's internal API, called by the vendor and back-office gateways with
 * `createServiceClient`: the endpoints are declared once in @mkt/contracts (http/vendor-kyc.ts).
 */
export function vendorKycRoutes(router: Router, deps: VendorKycDeps): void {
  mountEndpoints(router, [
    [CreateVendorApplication, async ({ body, idempotencyKey }) => createApplication(deps, body, idempotencyKey)],
    [GetVendorKyc, async ({ params }) => loadVendorKyc(deps.db.client, params.vendorId)],
    [
      UpdateVendorApplication,
      async ({ params, body }) => updateApplication(deps, params.vendorId, body, vendor(params.vendorId)),
    ],
    [
      UploadKycDocument,
      async ({ params, body, file }) => uploadDocument(deps, params.vendorId, body, file, vendor(params.vendorId)),
    ],
    [DownloadKycDocument, async ({ params }) => downloadDocument(deps, params.vendorId, params.documentId)],
    [
      DeleteKycDocument,
      async ({ params }) => deleteDocument(deps, params.vendorId, params.documentId, vendor(params.vendorId)),
    ],
    [SetBankAccount, async ({ params, body }) => setBankAccount(deps, params.vendorId, body, vendor(params.vendorId))],
    [SubmitVendorApplication, async ({ params }) => submitApplication(deps, params.vendorId, vendor(params.vendorId))],
    [ListKycReviews, async ({ query }) => listReviews(deps.db.client, query)],
    [ApproveVendor, async ({ params, body }) => approveVendor(deps, params.vendorId, body)],
    [RejectVendor, async ({ params, body }) => rejectVendor(deps, params.vendorId, body)],
    [RequestVendorInformation, async ({ params, body }) => requestInformation(deps, params.vendorId, body)],
    [VerifyBankAccount, async ({ params, body }) => verifyBankAccount(deps, params.vendorId, body)],
  ]);
}
