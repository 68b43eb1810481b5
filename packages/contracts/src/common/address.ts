import { z } from "zod";

/** ISO 3166-1 alpha-2 country code, upper case (`FR`, `DE`). */
export const CountryCode = z
  .string()
  .trim()
  .transform((code) => code.toUpperCase())
  .pipe(z.string().regex(/^[A-Z]{2}$/, "must be an ISO 3166-1 alpha-2 country code such as FR"));

/** A postal address: a company's registered office, a buyer's billing address. */
export const Address = z
  .object({
    line1: z.string().trim().min(1).max(200),
    line2: z.string().trim().max(200).optional(),
    postalCode: z.string().trim().min(1).max(20),
    city: z.string().trim().min(1).max(100),
    country: CountryCode,
  })
  .meta({ id: "Address" });
export type Address = z.infer<typeof Address>;
