import { OrderAcceptedV1 } from "@mkt/contracts";
import { consume } from "@mkt/service-kit";
import type { Db } from "../db/client.js";
import { notificationsFor } from "../domain/notification-rules.js";
import { recordNotifications, type RecordNotificationsDeps } from "../app/record-notifications.js";

/** The buyer is told its order was accepted, with the vendor's contact details. */
export const onOrderAccepted = (deps: RecordNotificationsDeps) =>
  consume<typeof OrderAcceptedV1, Db>(OrderAcceptedV1, async (event, tx) => {
    await recordNotifications(tx, event.id, notificationsFor({ type: "order.accepted", data: event.data }), deps);
  });
