import { VendorInformationRequestedV1 } from "@mkt/contracts";
import { consume } from "@mkt/service-kit";
import type { Db } from "../db/client.js";
import { notificationsFor } from "../domain/notification-rules.js";
import { recordNotifications, type RecordNotificationsDeps } from "../app/record-notifications.js";

/** An applicant is told what the operator asks for, and that it can change and resubmit. */
export const onVendorInformationRequested = (deps: RecordNotificationsDeps) =>
  consume<typeof VendorInformationRequestedV1, Db>(VendorInformationRequestedV1, async (event, tx) => {
    await recordNotifications(
      tx,
      event.id,
      notificationsFor({ type: "vendor.information-requested", data: event.data }),
      deps,
    );
  });
