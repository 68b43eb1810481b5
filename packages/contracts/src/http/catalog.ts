import { z } from "zod";
import { defineEndpoint } from "./define-endpoint.js";
import { Page, PageQuery } from "./common.js";
import { Id, Money, PublicContact, Timestamp } from "../common/primitives.js";
import {
  BillingCycle,
  HostingRegion,
  Label,
  LocalizedText,
  SolutionCategory,
  Subcategory,
} from "../common/catalog-taxonomy.js";
import { ListedPlan } from "../events/catalog/product-updated.v1.js";

// catalog's internal API (not public): storefront-gateway searches and reads published listings,
// vendor-api manages a vendor's own listings (the vendor id always from the caller's credential),
// backoffice-api unlists and labels. WIRE FORMAT between services: change it with every side.

/** Prices are in euros for now; a plan's price is a positive amount of cents. */
export const PlanPrice = Money.extend({
  amount: z.number().int().min(1, "a price is at least 1 cent").max(100_000_000),
  currency: z.literal("EUR", { error: "prices are in EUR" }),
});

export const PlanInput = z
  .object({
    name: z.string().trim().min(1).max(120),
    billingCycle: BillingCycle,
    price: PlanPrice,
    commitmentMonths: z
      .number()
      .int()
      .min(0)
      .max(120)
      .default(0)
      .meta({ description: "0 = no commitment, else the committed term (e.g. 12)." }),
    trialDays: z
      .number()
      .int()
      .min(0)
      .max(365)
      .default(0)
      .meta({ description: "Free-trial days before the first charge; 0 = none." }),
  })
  .meta({ id: "PlanInput" });

/** A change of a plan: only the fields sent change (no defaults, unlike PlanInput). */
export const PlanChanges = z
  .object({
    name: PlanInput.shape.name,
    billingCycle: BillingCycle,
    price: PlanPrice,
    commitmentMonths: z.number().int().min(0).max(120),
    trialDays: z.number().int().min(0).max(365),
  })
  .partial()
  .meta({ id: "PlanChanges" });

export const ProductInput = z
  .object({
    name: z.string().trim().min(1).max(120),
    category: SolutionCategory,
    subcategory: Subcategory,
    region: HostingRegion,
    description: LocalizedText.meta({ description: "Markdown, in French and English." }),
    documentationUrl: z.url(),
  })
  .meta({ id: "ProductInput" });

export const PRODUCT_STATUSES = ["draft", "published", "unpublished", "unlisted"] as const;
export const ProductStatus = z.enum(PRODUCT_STATUSES).meta({ id: "ProductStatus" });

export const VendorPlan = ListedPlan.extend({
  supersededBy: Id.nullable().meta({ description: "The plan id of the newer version, once superseded." }),
  createdAt: Timestamp,
}).meta({ id: "VendorPlan" });

/** A listing as its vendor sees it (any status, every plan version). */
export const VendorProduct = z
  .object({
    id: Id,
    vendorId: Id,
    status: ProductStatus,
    name: z.string(),
    category: SolutionCategory,
    subcategory: Subcategory,
    region: HostingRegion,
    description: LocalizedText,
    documentationUrl: z.string(),
    labels: z.array(Label),
    plans: z.array(VendorPlan),
    unlistedReason: z.string().nullable(),
    revision: z.number().int(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
    publishedAt: Timestamp.nullable(),
  })
  .meta({ id: "VendorProduct" });

/** A published listing as buyers see it: only plans that can be bought, and the vendor's public contact. */
export const PublicProduct = z
  .object({
    id: Id,
    name: z.string(),
    category: SolutionCategory,
    subcategory: Subcategory,
    region: HostingRegion,
    regionName: z.string(),
    description: LocalizedText,
    documentationUrl: z.string(),
    labels: z.array(Label),
    vendor: z.object({ id: Id, legalName: z.string(), publicContact: PublicContact }),
    plans: z.array(ListedPlan),
    publishedAt: Timestamp,
  })
  .meta({ id: "Product" });

/** One search hit. */
export const ProductSummary = z
  .object({
    id: Id,
    name: z.string(),
    category: SolutionCategory,
    subcategory: Subcategory,
    region: HostingRegion,
    labels: z.array(Label),
    vendor: z.object({ id: Id, legalName: z.string() }),
    excerpt: z
      .string()
      .meta({ description: "The start of the description in the requested locale, markdown stripped." }),
    fromPrice: Money.meta({ description: "The lowest price among the plans that match the filters." }),
    billingCycles: z.array(BillingCycle),
    freeTrial: z.boolean(),
    publishedAt: Timestamp,
  })
  .meta({ id: "ProductSummary" });

const Bool = z.enum(["true", "false"]).transform((value) => value === "true");
const Cents = z.coerce.number().int().min(0);

export const SearchProductsQuery = PageQuery.extend({
  q: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .meta({ description: "Words searched in names and descriptions (French and English)." }),
  locale: z.enum(["fr", "en"]).default("en").meta({ description: "Language of the excerpts." }),
  category: SolutionCategory.optional(),
  subcategory: Subcategory.optional(),
  label: Label.optional(),
  vendor: Id.optional().meta({ description: "A vendor id." }),
  billingCycle: BillingCycle.optional(),
  minPrice: Cents.optional().meta({ description: "In cents: at least one plan costs this or more." }),
  maxPrice: Cents.optional().meta({ description: "In cents: at least one plan costs this or less." }),
  freeTrial: Bool.optional().meta({ description: "`true`: only solutions with a plan offering a free trial." }),
  sort: z
    .enum(["relevance", "newest", "price-asc", "price-desc", "name"])
    .optional()
    .meta({ description: "Default: `relevance` with `q`, `newest` without." }),
});

const ProductParams = z.object({ productId: Id });
const VendorProductParams = z.object({ vendorId: Id, productId: Id });
const OperatorId = Id.meta({ description: "The operator acting (from the back office credential)." });

export const SearchProducts = defineEndpoint({
  method: "get",
  path: "/products",
  summary: "Search published solutions: full text, filters, sort, a page at a time",
  tags: ["search"],
  query: SearchProductsQuery,
  response: { status: 200, schema: Page(ProductSummary) },
});

export const GetPublishedProduct = defineEndpoint({
  method: "get",
  path: "/products/:productId",
  summary: "A published solution with its plans and the vendor's contact",
  tags: ["search"],
  params: ProductParams,
  response: { status: 200, schema: PublicProduct },
  errors: [404],
});

export const CreateProduct = defineEndpoint({
  method: "post",
  path: "/vendors/:vendorId/products",
  summary: "Create a listing (a draft)",
  tags: ["listings"],
  params: z.object({ vendorId: Id }),
  body: ProductInput.extend({ plans: z.array(PlanInput).max(20).default([]) }),
  response: { status: 201, schema: VendorProduct },
  errors: [409],
  // Optional for the seed and operators' tools; vendor-api always sends one (the vendor's or a fresh one).
  description:
    "The same Idempotency-Key (per vendor) answers the listing it made; with another body: 409 `idempotency-key-reused`.",
  idempotencyKey: "optional",
});

export const ListVendorProducts = defineEndpoint({
  method: "get",
  path: "/vendors/:vendorId/products",
  summary: "A vendor's listings, newest first",
  tags: ["listings"],
  params: z.object({ vendorId: Id }),
  query: PageQuery.extend({ status: ProductStatus.optional() }),
  response: { status: 200, schema: Page(VendorProduct) },
});

export const GetVendorProduct = defineEndpoint({
  method: "get",
  path: "/vendors/:vendorId/products/:productId",
  summary: "One of a vendor's listings",
  tags: ["listings"],
  params: VendorProductParams,
  response: { status: 200, schema: VendorProduct },
  errors: [404],
});

export const UpdateProduct = defineEndpoint({
  method: "patch",
  path: "/vendors/:vendorId/products/:productId",
  summary: "Change a listing's name, category, region, description or documentation URL",
  tags: ["listings"],
  params: VendorProductParams,
  body: ProductInput.partial(),
  response: { status: 200, schema: VendorProduct },
  errors: [404, 409],
});

export const AddPlan = defineEndpoint({
  method: "post",
  path: "/vendors/:vendorId/products/:productId/plans",
  summary: "Add a plan to a listing",
  description:
    "The same Idempotency-Key (per vendor) answers the listing without a second plan; with another body or listing: 409 `idempotency-key-reused`.",
  tags: ["listings"],
  params: VendorProductParams,
  body: PlanInput,
  response: { status: 201, schema: VendorProduct },
  errors: [404, 409],
  idempotencyKey: "optional",
});

export const UpdatePlan = defineEndpoint({
  method: "patch",
  path: "/vendors/:vendorId/products/:productId/plans/:planId",
  summary: "Change a plan; once it was ever published, a change of terms makes a new version and supersedes the old",
  tags: ["listings"],
  params: VendorProductParams.extend({ planId: Id }),
  body: PlanChanges,
  response: { status: 200, schema: VendorProduct },
  errors: [404, 409],
});

export const RetirePlan = defineEndpoint({
  method: "delete",
  path: "/vendors/:vendorId/products/:productId/plans/:planId",
  summary: "Stop selling a plan (existing buyers keep theirs)",
  tags: ["listings"],
  params: VendorProductParams.extend({ planId: Id }),
  response: { status: 200, schema: VendorProduct },
  errors: [404, 409],
});

export const PublishProduct = defineEndpoint({
  method: "post",
  path: "/vendors/:vendorId/products/:productId/publish",
  summary: "Publish a listing: its vendor's KYC must be approved and it needs an active plan",
  tags: ["listings"],
  params: VendorProductParams,
  response: { status: 200, schema: VendorProduct },
  errors: [404, 409],
});

export const UnpublishProduct = defineEndpoint({
  method: "post",
  path: "/vendors/:vendorId/products/:productId/unpublish",
  summary: "Take a listing off the storefront (existing buyers keep their subscriptions)",
  tags: ["listings"],
  params: VendorProductParams,
  response: { status: 200, schema: VendorProduct },
  errors: [404, 409],
});

export const UnlistProduct = defineEndpoint({
  method: "post",
  path: "/products/:productId/unlist",
  summary: "Operators: remove a listing from the storefront; its vendor cannot publish it again",
  tags: ["operations"],
  params: ProductParams,
  body: z.object({ operatorId: OperatorId, reason: z.string().trim().min(1).max(2000) }),
  response: { status: 200, schema: VendorProduct },
  errors: [404, 409],
});

export const GrantLabel = defineEndpoint({
  method: "put",
  path: "/products/:productId/labels/:label",
  summary: "Operators: grant a label (idempotent)",
  tags: ["operations"],
  params: ProductParams.extend({ label: Label }),
  body: z.object({ operatorId: OperatorId }),
  response: { status: 200, schema: VendorProduct },
  errors: [404],
});

export const RevokeLabel = defineEndpoint({
  method: "delete",
  path: "/products/:productId/labels/:label",
  summary: "Operators: revoke a label (idempotent)",
  tags: ["operations"],
  params: ProductParams.extend({ label: Label }),
  query: z.object({ operatorId: OperatorId }),
  response: { status: 200, schema: VendorProduct },
  errors: [404],
});

/** Every endpoint of catalog's internal API. */
export const catalogEndpoints = [
  SearchProducts,
  GetPublishedProduct,
  CreateProduct,
  ListVendorProducts,
  GetVendorProduct,
  UpdateProduct,
  AddPlan,
  UpdatePlan,
  RetirePlan,
  PublishProduct,
  UnpublishProduct,
  UnlistProduct,
  GrantLabel,
  RevokeLabel,
] as const;
