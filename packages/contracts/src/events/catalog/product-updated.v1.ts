import { z } from "zod";
import { defineEvent } from "../../define-event.js";
import { Id, LegalForm, Money, PublicContact, ShareCapital, Timestamp } from "../../common/primitives.js";
import { Address } from "../../common/address.js";
import { BillingCycle, HostingRegion, Label, SolutionCategory, Subcategory } from "../../common/catalog-taxonomy.js";

/** A plan as buyers may buy it: a price never changes under a plan id (a new price is a new plan). */
export const ListedPlan = z.object({
  planId: Id,
  /** Stable across versions of "the same" plan: versions of one plan share it. */
  planFamilyId: Id,
  version: z.number().int().min(1),
  name: z.string().min(1).max(120),
  billingCycle: BillingCycle,
  price: Money,
  /** 0 = no commitment; otherwise the committed term in months. */
  commitmentMonths: z.number().int().min(0).max(120),
  trialDays: z.number().int().min(0).max(365),
  /** `active` can be bought; `superseded` (by a newer version) and `retired` cannot be added any more. */
  status: z.enum(["active", "superseded", "retired"]),
});
export type ListedPlan = z.infer<typeof ListedPlan>;

export const CatalogProductUpdatedV1 = defineEvent({
  type: "catalog.product-updated",
  version: 1,
  description:
    "The buyer-visible state of a solution changed (published, unpublished, unlisted, a plan " +
    "added, superseded or retired, the label, the vendor's contact). Carries the whole listing " +
    "(event-carried state): a consumer keeps the highest `revision` it saw and ignores older ones. " +
    "Never published for a draft that was never published.",
  data: z.object({
    productId: Id,
    vendorId: Id,
    /** Grows by one with every change of the product; order by it, not by arrival. */
    revision: z.number().int().min(1),
    /** `published` can be bought; `unpublished` (by its vendor) and `unlisted` (by an operator) cannot. */
    status: z.enum(["published", "unpublished", "unlisted"]),
    name: z.string().min(1).max(120),
    category: SolutionCategory,
    subcategory: Subcategory,
    region: HostingRegion,
    labels: z.array(Label),
    vendor: z.object({
      legalName: z.string().min(1).max(200),
      publicContact: PublicContact,
      /**
       * The vendor's identity for invoices (optional in v1: unknown for vendors approved before vendor.approved carried
       * it).
       */
      registrationNumber: z.string().optional(),
      vatNumber: z.string().optional(),
      registeredAddress: Address.optional(),
      legalForm: LegalForm.optional(),
      shareCapital: ShareCapital.optional(),
    }),
    plans: z.array(ListedPlan),
    updatedAt: Timestamp,
  }),
});
