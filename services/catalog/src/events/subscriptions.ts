import type { Clock } from "@mkt/service-kit";
import { onVendorApproved } from "./on-vendor-approved.js";

/** Everything the catalog listens to. */
export const subscriptions = (deps: { clock: Clock }) => [onVendorApproved(deps.clock)];
