import { z } from "zod";
import { DEFAULT_YEARLY_REMINDER_DAYS } from "./domain/subscription-state.js";

/** The subscription service's own settings (validated at start with the platform's). */
export const subscriptionSettings = {
  /** payment's internal API: the off-session renewal charges. */
  PAYMENT_URL: z.url().default("http://127.0.0.1:7103"),
  /** order's internal API: the vendor's invoice of each paid period. */
  ORDER_URL: z.url().default("http://127.0.0.1:7104"),
  /** Due periods one renewal pass leases, and so how many charges run at once per replica. */
  RENEWAL_BATCH_SIZE: z.coerce.number().int().min(1).max(500).default(32),
  /** How often the renewal worker looks for due periods when nothing woke it (a crashed replica's leases). */
  RENEWAL_POLL_MS: z.coerce.number().int().min(10).default(10_000),
  /** Yearly subscriptions remind the buyer this many days before renewal. */
  YEARLY_REMINDER_DAYS: z.coerce.number().int().min(1).max(180).default(DEFAULT_YEARLY_REMINDER_DAYS),
};

export type SubscriptionSettings = z.infer<z.ZodObject<typeof subscriptionSettings>>;
