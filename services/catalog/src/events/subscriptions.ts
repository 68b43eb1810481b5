import type { Clock, Outbox } from "@mkt/service-kit";
import { onVendorApproved } from "./on-vendor-approved.js";
import { onVendorContactUpdated } from "./on-vendor-contact-updated.js";

/** Everything the catalog listens to. */
export const subscriptions = (deps: { clock: Clock; outbox: Outbox }) => [
  onVendorApproved(deps.clock),
  onVendorContactUpdated(deps),
];
