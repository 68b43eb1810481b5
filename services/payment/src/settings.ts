import { z } from "zod";

/** The payment service's own settings (validated at start with the platform's). */
export const paymentSettings = {
  PAYMENT_PROCESSOR: z.enum(["simulated", "stripe"]).default("simulated"),
  /** The payment service as a buyer's browser reaches it: the simulated 3-D Secure page lives there. */
  PAYMENT_PUBLIC_URL: z.url().default("http://localhost:7103"),
  /** How often the payment worker looks for work (authorizations, captures, releases) when not woken. */
  PAYMENT_WORK_POLL_MS: z.coerce.number().int().min(10).default(1000),
  /** A checkout waiting for the buyer's 3-D Secure is declined (its authorizations released) after this long. */
  PAYMENT_AUTHENTICATION_TIMEOUT_MINUTES: z.coerce.number().int().min(1).default(30),
  STRIPE_SECRET_KEY: z.string().min(1).optional(),
  STRIPE_WEBHOOK_SECRET: z.string().min(1).optional(),
  /** Where Stripe sends the buyer back after 3-D Secure; default: the storefront's checkout page. */
  STRIPE_RETURN_URL: z.url().default("http://localhost:8080/api/v1/checkout/return"),
  /** Tests only: a local server standing for https://api.stripe.com, e.g. http://127.0.0.1:12111. */
  STRIPE_API_BASE: z.url().optional(),
};

export type PaymentSettings = z.infer<z.ZodObject<typeof paymentSettings>>;
