import { z } from "zod";
import { IanaTimeZone, Id } from "../../common/primitives.js";
import { Address } from "../../common/address.js";

// WIRE FORMAT: the buyer identity that buyer.* events carry; consumers (invoicing, VAT,
// withdrawal periods) act on it without calling back. Renaming a field needs a new version.
const common = {
  buyerId: Id,
  email: z.email(),
  locale: z.enum(["fr", "en"]),
  /** Billing address (optional in v1: buyers who signed up before it existed have none; VAT then assumes France). */
  address: Address.optional(),
  /**
   * The IANA zone the buyer's business dates are computed in (a subscription's anchor and due
   * dates), when its profile names one; absent: Europe/Paris. Additive within v1.
   */
  timeZone: IanaTimeZone.optional(),
};

export const BuyerIdentity = z.discriminatedUnion("kind", [
  z.object({
    ...common,
    kind: z.literal("company"),
    legalName: z.string().min(1).max(200),
    registrationNumber: z.string().min(1).max(64),
    vatNumber: z.string().min(1).max(32).optional(),
  }),
  z.object({ ...common, kind: z.literal("individual"), name: z.string().min(1).max(200) }),
]);
