import { ConflictError, NotFoundError, ValidationError } from "@mkt/service-kit";

// The catalog's domain errors: typed values the kit maps to problem+json in one place.

export const productNotFound = (productId: string) => new NotFoundError("Product", productId);
export const planNotFound = (planId: string) => new NotFoundError("Plan", planId);

export const vendorNotApproved = (vendorId: string) =>
  new ConflictError(
    "vendor-not-approved",
    `Vendor ${vendorId} is not approved (KYC): a listing can be published once the vendor's application has been approved.`,
  );
export const noActivePlan = () =>
  new ConflictError("no-active-plan", "A listing needs at least one active plan to be published.");
export const productUnlisted = (productId: string) =>
  new ConflictError(
    "product-unlisted",
    `Product ${productId} was unlisted by an operator: its vendor cannot publish it again.`,
  );
export const productAlreadyUnlisted = (productId: string) =>
  new ConflictError("product-unlisted", `Product ${productId} is already unlisted.`);
export const productNotPublished = (productId: string, status: string) =>
  new ConflictError("product-not-published", `Product ${productId} is ${status}, not published.`, {
    productStatus: status,
  });
export const planNotActive = (planId: string, status: string) =>
  new ConflictError("plan-not-active", `Plan ${planId} is ${status}: only an active plan can be changed or retired.`, {
    planStatus: status,
  });
export const lastActivePlan = (planId: string) =>
  new ConflictError(
    "last-active-plan",
    `Plan ${planId} is the last active plan of a published listing: add another plan or unpublish the listing first.`,
  );
export const subcategoryMismatch = (category: string, subcategory: string) =>
  new ValidationError([{ path: "subcategory", message: `${subcategory} is not a subcategory of ${category}` }]);

export const idempotencyKeyReused = (operation: string) =>
  new ConflictError(
    "idempotency-key-reused",
    `This Idempotency-Key was already used for another request (${operation} with another body, or another call): use a new key for a new request.`,
  );
