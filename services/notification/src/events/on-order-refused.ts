import { OrderRefusedV1 } from "@mkt/contracts";
import { consume } from "@mkt/service-kit";
import type { Db } from "../db/client.js";
import { notificationsFor } from "../domain/notification-rules.js";
import { recordNotifications, type RecordNotificationsDeps } from "../app/record-notifications.js";

/** The buyer is told its order was refused, why, and that nothing is charged. */
export const onOrderRefused = (deps: RecordNotificationsDeps) =>
  consume<typeof OrderRefusedV1, Db>(OrderRefusedV1, async (event, tx) => {
    await recordNotifications(tx, event.id, notificationsFor({ type: "order.refused", data: event.data }), deps);
  });
