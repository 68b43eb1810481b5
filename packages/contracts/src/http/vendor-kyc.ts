import { z } from "zod";
import { defineEndpoint } from "./define-endpoint.js";
import { Page, PageQuery } from "./common.js";
import { CalendarDate, Id, LegalForm, PublicContact, ShareCapital, Timestamp } from "../common/primitives.js";
import { Address } from "../common/address.js";

// vendor-kyc's internal API (not public): called by vendor-api and backoffice-api with
// createServiceClient; the gateways re-expose parts of it under /vendor/v1 and /ops/v1, always
// with the vendor id taken from the caller's credential. WIRE FORMAT between services: change it
// with every side.

const PersonName = z.string().trim().min(1).max(100);

/**
 * A legal representative (président, gérant...). `id` is assigned by vendor-kyc; send it back to keep the person (and
 * its ID document) when editing.
 */
export const RepresentativeInput = z.object({
  id: z.uuid().optional(),
  firstName: PersonName,
  lastName: PersonName,
  birthDate: CalendarDate,
  role: z.string().trim().min(1).max(100).meta({ description: "e.g. `Président`, `Gérant`, `CEO`." }),
});

/** An ultimate beneficial owner: a person holding 25% or more of the company. */
export const BeneficialOwnerInput = z.object({
  id: z.uuid().optional(),
  firstName: PersonName,
  lastName: PersonName,
  birthDate: CalendarDate,
  sharePercent: z.number().min(25, "a beneficial owner holds 25% or more").max(100),
});

/** What a company declares when it applies (docs/business-rules.md, Becoming a vendor). */
export const VendorApplicationInput = z
  .object({
    legalName: z.string().trim().min(1).max(200),
    registrationNumber: z.string().trim().min(1).max(40).meta({
      description: "SIREN (9 digits) or SIRET (14 digits) for a French company; the national number elsewhere.",
    }),
    vatNumber: z
      .string()
      .trim()
      .min(4)
      .max(20)
      .meta({ description: "Intra-community VAT number, e.g. `FR40303265045`." }),
    registeredAddress: Address,
    legalForm: LegalForm.optional().meta({
      description: "The company's legal form as registered (`SAS`, `SARL`, `SA`…); printed on its invoices.",
    }),
    shareCapital: ShareCapital.optional().meta({
      description:
        'Share capital in minor units, e.g. `{ amount: 5000000, currency: "EUR" }` for 50 000 €; printed on its invoices.',
    }),
    publicContact: PublicContact.meta({
      description: "Shown to buyers on every listing and in their confirmation emails.",
    }),
    representatives: z.array(RepresentativeInput).min(1).max(10),
    beneficialOwners: z.array(BeneficialOwnerInput).min(1).max(4),
  })
  .meta({ id: "VendorApplicationInput" });
export type VendorApplicationInput = z.infer<typeof VendorApplicationInput>;

export const VENDOR_KYC_STATUSES = [
  "draft",
  "submitted",
  "information-requested",
  "resubmitted",
  "approved",
  "rejected",
] as const;
export const VendorKycStatus = z.enum(VENDOR_KYC_STATUSES).meta({ id: "VendorKycStatus" });
export type VendorKycStatus = z.infer<typeof VendorKycStatus>;

export const KYC_DOCUMENT_KINDS = [
  "representative-id",
  "registry-extract",
  "bank-details",
  "statutes",
  "beneficial-owner-id",
] as const;
export const KycDocumentKind = z.enum(KYC_DOCUMENT_KINDS).meta({
  id: "KycDocumentKind",
  description:
    "`representative-id` and `beneficial-owner-id` name their person (`personId`); `registry-extract` (Kbis) gives its `issuedOn` date.",
});
export type KycDocumentKind = z.infer<typeof KycDocumentKind>;

/** Media types a KYC document may have, checked on its bytes (magic numbers), not its name. */
export const KYC_DOCUMENT_MEDIA_TYPES = ["application/pdf", "image/png", "image/jpeg"] as const;
export const KYC_DOCUMENT_MAX_BYTES = 10 * 1024 * 1024;

export const KycDocument = z
  .object({
    id: z.uuid(),
    kind: KycDocumentKind,
    personId: z.uuid().nullable(),
    filename: z.string(),
    contentType: z.enum(KYC_DOCUMENT_MEDIA_TYPES).meta({ description: "Detected from the bytes." }),
    sizeBytes: z.number().int(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    issuedOn: CalendarDate.nullable(),
    uploadedAt: Timestamp,
  })
  .meta({ id: "KycDocument" });

/** One automatic check of a submission and its outcome, worded for the applicant. */
export const KycCheck = z
  .object({
    check: z.string().meta({
      description:
        "e.g. `documents.registry-extract`, `registry-extract.age`, `bank-account.iban`, `registration-number`, `vat-number`.",
    }),
    passed: z.boolean(),
    message: z.string(),
  })
  .meta({ id: "KycCheck" });

export const KycHistoryEntry = z
  .object({
    at: Timestamp,
    actor: z.object({ kind: z.enum(["vendor", "operator", "system"]), id: z.string().nullable() }),
    action: z.string().meta({
      description:
        "`applied`, `updated`, `document-uploaded`, `document-deleted`, `submitted`, `resubmitted`, `approved`, `rejected`, `information-requested`, `bank-details-changed`, `bank-details-verified`, `contact-updated`.",
    }),
    note: z.string().nullable(),
  })
  .meta({ id: "KycHistoryEntry" });

export const BankAccountView = z
  .object({
    ibanMasked: z.string().meta({ description: "Country, check digits and last four, e.g. `FR76 •••• 0189`." }),
    ibanLast4: z.string(),
    holderName: z.string(),
    status: z.enum(["unverified", "verified", "pending-reverification"]),
    updatedAt: Timestamp,
  })
  .meta({ id: "BankAccount" });

const Person = z.object({ id: z.uuid(), firstName: z.string(), lastName: z.string(), birthDate: CalendarDate });

/** A vendor's KYC file as its vendor and the operators see it. */
export const VendorKyc = z
  .object({
    id: z.uuid(),
    status: VendorKycStatus,
    application: z.object({
      legalName: z.string(),
      registrationNumber: z.string(),
      vatNumber: z.string(),
      registeredAddress: Address,
      legalForm: z.string().nullable(),
      shareCapital: ShareCapital.nullable(),
      publicContact: PublicContact,
      representatives: z.array(Person.extend({ role: z.string() })),
      beneficialOwners: z.array(Person.extend({ sharePercent: z.number() })),
    }),
    bankAccount: BankAccountView.nullable(),
    /** True while a changed bank account waits for an operator's re-verification. */
    payoutsOnHold: z.boolean(),
    documents: z.array(KycDocument),
    /** The checks of the last submission attempt (empty before the first). */
    checks: z.array(KycCheck),
    /** The operator's last request for information, while the application waits for it. */
    informationRequest: z.string().nullable(),
    rejectionReason: z.string().nullable(),
    history: z.array(KycHistoryEntry),
    createdAt: Timestamp,
    submittedAt: Timestamp.nullable(),
    decidedAt: Timestamp.nullable(),
  })
  .meta({ id: "VendorKyc" });
export type VendorKyc = z.infer<typeof VendorKyc>;

export const KycReviewSummary = z
  .object({
    vendorId: z.uuid(),
    legalName: z.string(),
    status: VendorKycStatus,
    submittedAt: Timestamp.nullable(),
    decidedAt: Timestamp.nullable(),
    documentCount: z.number().int(),
    payoutsOnHold: z.boolean(),
  })
  .meta({ id: "KycReviewSummary" });

const VendorParams = z.object({ vendorId: z.uuid() });
const OperatorId = Id.meta({
  description: "The operator acting (from the back office credential): recorded in the history.",
});

export const CreateVendorApplication = defineEndpoint({
  method: "post",
  path: "/vendors",
  summary: "Open a company's application (a draft until it is submitted)",
  description:
    "The Idempotency-Key names the applicant (vendor-api sends its user id): the same key again answers the same vendor.",
  tags: ["applications"],
  body: VendorApplicationInput,
  idempotencyKey: true,
  response: { status: 201, schema: VendorKyc },
});

export const GetVendorKyc = defineEndpoint({
  method: "get",
  path: "/vendors/:vendorId",
  summary: "A vendor's KYC file: application, documents, checks, status and history",
  tags: ["applications"],
  params: VendorParams,
  response: { status: 200, schema: VendorKyc },
  errors: [404],
});

export const UpdateVendorApplication = defineEndpoint({
  method: "patch",
  path: "/vendors/:vendorId",
  summary:
    "Change the application while it is a draft or information is requested (only the public contact once approved)",
  tags: ["applications"],
  params: VendorParams,
  body: VendorApplicationInput.partial(),
  response: { status: 200, schema: VendorKyc },
  errors: [404, 409],
});

export const UploadKycDocument = defineEndpoint({
  method: "post",
  path: "/vendors/:vendorId/documents",
  summary: "Upload one KYC document (PDF, PNG or JPEG, checked by its content)",
  tags: ["documents"],
  params: VendorParams,
  upload: {
    field: "file",
    maxBytes: KYC_DOCUMENT_MAX_BYTES,
    description: "The document: PDF, PNG or JPEG, at most 10 MiB.",
  },
  body: z.object({
    kind: KycDocumentKind,
    personId: z.uuid().optional().meta({ description: "The representative or owner an ID document belongs to." }),
    issuedOn: CalendarDate.optional().meta({
      description: "Issue date printed on a registry extract (required for `registry-extract`).",
    }),
  }),
  response: { status: 201, schema: KycDocument },
  errors: [404, 409, 413, 415],
});

export const DownloadKycDocument = defineEndpoint({
  method: "get",
  path: "/vendors/:vendorId/documents/:documentId",
  summary: "A KYC document's bytes",
  tags: ["documents"],
  params: VendorParams.extend({ documentId: z.uuid() }),
  response: { status: 200, file: { contentTypes: KYC_DOCUMENT_MEDIA_TYPES } },
  errors: [404],
});

export const DeleteKycDocument = defineEndpoint({
  method: "delete",
  path: "/vendors/:vendorId/documents/:documentId",
  summary: "Remove a document from an application that can still change",
  tags: ["documents"],
  params: VendorParams.extend({ documentId: z.uuid() }),
  response: { status: 204 },
  errors: [404, 409],
});

export const SetBankAccount = defineEndpoint({
  method: "put",
  path: "/vendors/:vendorId/bank-account",
  summary:
    "Set the professional bank account (IBAN in the company's name); after approval, payouts wait for re-verification",
  tags: ["bank-account"],
  params: VendorParams,
  body: z.object({
    iban: z
      .string()
      .trim()
      .min(15)
      .max(42)
      .meta({ description: "Spaces allowed, e.g. `FR76 3000 6000 0112 3456 7890 189`." }),
    holderName: z.string().trim().min(1).max(200).meta({ description: "Must be the company's legal name." }),
  }),
  response: { status: 200, schema: VendorKyc },
  errors: [404, 409],
});

export const SubmitVendorApplication = defineEndpoint({
  method: "post",
  path: "/vendors/:vendorId/submit",
  summary: "Submit (or resubmit) the application for review; every check must pass",
  description:
    "Answers 422 `/problems/kyc-checks-failed` with one `errors[]` entry per failed check (`path` = the check) when the file is incomplete or wrong.",
  tags: ["applications"],
  params: VendorParams,
  response: { status: 200, schema: VendorKyc },
  errors: [404, 409, 422],
});

export const ListKycReviews = defineEndpoint({
  method: "get",
  path: "/reviews",
  summary: "Applications for operators, oldest submission first; by default those waiting for a decision",
  tags: ["reviews"],
  query: PageQuery.extend({
    status: z
      .array(VendorKycStatus)
      .optional()
      .meta({ description: "Repeatable; default `submitted` and `resubmitted`." }),
    payoutsOnHold: z
      .enum(["true", "false"])
      .optional()
      .meta({ description: "`true`: vendors whose changed bank account waits for re-verification." }),
  }),
  response: { status: 200, schema: Page(KycReviewSummary) },
});

export const ApproveVendor = defineEndpoint({
  method: "post",
  path: "/vendors/:vendorId/approve",
  summary: "Approve a submitted application (its bank account is verified with it)",
  tags: ["reviews"],
  params: VendorParams,
  body: z.object({ operatorId: OperatorId, note: z.string().trim().max(2000).optional() }),
  response: { status: 200, schema: VendorKyc },
  errors: [404, 409],
});

export const RejectVendor = defineEndpoint({
  method: "post",
  path: "/vendors/:vendorId/reject",
  summary: "Reject a submitted application, with the reason the applicant is told",
  tags: ["reviews"],
  params: VendorParams,
  body: z.object({ operatorId: OperatorId, reason: z.string().trim().min(1).max(2000) }),
  response: { status: 200, schema: VendorKyc },
  errors: [404, 409],
});

export const RequestVendorInformation = defineEndpoint({
  method: "post",
  path: "/vendors/:vendorId/request-info",
  summary: "Ask the applicant for more before deciding; the application opens again for changes",
  tags: ["reviews"],
  params: VendorParams,
  body: z.object({ operatorId: OperatorId, message: z.string().trim().min(1).max(2000) }),
  response: { status: 200, schema: VendorKyc },
  errors: [404, 409],
});

export const VerifyBankAccount = defineEndpoint({
  method: "post",
  path: "/vendors/:vendorId/bank-account/verify",
  summary: "Re-verify an approved vendor's changed bank account: lifts the payout hold",
  tags: ["reviews"],
  params: VendorParams,
  body: z.object({ operatorId: OperatorId }),
  response: { status: 200, schema: VendorKyc },
  errors: [404, 409],
});

/** Every endpoint of vendor-kyc's internal API (for its own OpenAPI document and tests). */
export const vendorKycEndpoints = [
  CreateVendorApplication,
  GetVendorKyc,
  UpdateVendorApplication,
  UploadKycDocument,
  DownloadKycDocument,
  DeleteKycDocument,
  SetBankAccount,
  SubmitVendorApplication,
  ListKycReviews,
  ApproveVendor,
  RejectVendor,
  RequestVendorInformation,
  VerifyBankAccount,
] as const;
