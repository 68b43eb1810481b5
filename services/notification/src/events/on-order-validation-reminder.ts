import { OrderValidationReminderV1 } from "@mkt/contracts";
import { consume } from "@mkt/service-kit";
import type { Db } from "../db/client.js";
import { notificationsFor } from "../domain/notification-rules.js";
import { recordNotifications, type RecordNotificationsDeps } from "../app/record-notifications.js";

/** 24 hours without an answer: the vendor is reminded that 24 hours are left. */
export const onOrderValidationReminder = (deps: RecordNotificationsDeps) =>
  consume<typeof OrderValidationReminderV1, Db>(OrderValidationReminderV1, async (event, tx) => {
    await recordNotifications(
      tx,
      event.id,
      notificationsFor({ type: "order.validation-reminder", data: event.data }),
      deps,
    );
  });
