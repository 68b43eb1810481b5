import type { RecordNotificationsDeps } from "../app/record-notifications.js";
import { onVendorApplicationSubmitted } from "./on-vendor-application-submitted.js";
import { onVendorApproved } from "./on-vendor-approved.js";

/** Everything the notification service listens to. */
export const subscriptions = (deps: RecordNotificationsDeps) => [onVendorApplicationSubmitted(deps), onVendorApproved(deps)];
