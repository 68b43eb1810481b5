import { z } from "zod";

/** The order service's own settings (validated at start with the platform's). */
export const orderSettings = {
  /** payment's internal API: a dispute's refund (an operator's resolution) goes through its refund endpoint. */
  PAYMENT_URL: z.url().default("http://127.0.0.1:7103"),
};

export type OrderSettings = z.infer<z.ZodObject<typeof orderSettings>>;
