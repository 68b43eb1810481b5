import { z } from "zod";
import { authSettings } from "@mkt/gateway-kit";

/** The back office's own settings (validated with the platform's at start). */
export const backofficeSettings = {
  ...authSettings,
  /** The services it calls for operators (internal addresses). */
  VENDOR_KYC_URL: z.url().default("http://127.0.0.1:7106"),
  CATALOG_URL: z.url().default("http://127.0.0.1:7101"),
  ORDER_URL: z.url().default("http://127.0.0.1:7104"),
  SUBSCRIPTION_URL: z.url().default("http://127.0.0.1:7105"),
  /** The first operator, created at start when there is none. */
  OPERATOR_EMAIL: z.email().optional(),
  OPERATOR_PASSWORD: z.string().optional(),
};

export type BackofficeSettings = z.infer<z.ZodObject<typeof backofficeSettings>>;
