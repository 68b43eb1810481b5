import { z } from "zod";
import { authSettings } from "@mkt/gateway-kit";

/** The vendor API's own settings (validated with the platform's at start). */
export const vendorApiSettings = {
  ...authSettings,
  /** The services it calls for vendors (internal addresses). */
  VENDOR_KYC_URL: z.url().default("http://127.0.0.1:7106"),
  CATALOG_URL: z.url().default("http://127.0.0.1:7101"),
  NOTIFICATION_URL: z.url().default("http://127.0.0.1:7108"),
  ORDER_URL: z.url().default("http://127.0.0.1:7104"),
  PAYOUT_URL: z.url().default("http://127.0.0.1:7107"),
  SUBSCRIPTION_URL: z.url().default("http://127.0.0.1:7105"),
};

export type VendorApiSettings = z.infer<z.ZodObject<typeof vendorApiSettings>>;
