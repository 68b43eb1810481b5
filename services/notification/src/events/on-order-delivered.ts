import { OrderDeliveredV1 } from "@mkt/contracts";
import { consume } from "@mkt/service-kit";
import type { Db } from "../db/client.js";
import { notificationsFor } from "../domain/notification-rules.js";
import { recordNotifications, type RecordNotificationsDeps } from "../app/record-notifications.js";

/** The buyer is told its order was delivered: access, instructions, invoice. */
export const onOrderDelivered = (deps: RecordNotificationsDeps) =>
  consume<typeof OrderDeliveredV1, Db>(OrderDeliveredV1, async (event, tx) => {
    await recordNotifications(tx, event.id, notificationsFor({ type: "order.delivered", data: event.data }), deps);
  });
