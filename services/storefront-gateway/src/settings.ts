import { z } from "zod";
import { authSettings } from "@mkt/gateway-kit";

/** The storefront gateway's own settings (validated with the platform's at start). */
export const storefrontSettings = {
  ...authSettings,
  /** The services it calls for buyers (internal addresses). */
  CATALOG_URL: z.url().default("http://127.0.0.1:7101"),
  NOTIFICATION_URL: z.url().default("http://127.0.0.1:7108"),
  CART_URL: z.url().default("http://127.0.0.1:7102"),
  PAYMENT_URL: z.url().default("http://127.0.0.1:7103"),
  ORDER_URL: z.url().default("http://127.0.0.1:7104"),
  SUBSCRIPTION_URL: z.url().default("http://127.0.0.1:7105"),
  /** How long POST /checkout waits for the card's answer before answering 202 `pending`. */
  CHECKOUT_WAIT_MS: z.coerce.number().int().min(0).max(60_000).default(10_000),
};

export type StorefrontSettings = z.infer<z.ZodObject<typeof storefrontSettings>>;
