import { z } from "zod";

/**
 * A vendor's professional bank account as payouts need it. Carried only by the bank-details
 * events, whose one consumer that pays (payout) needs the full IBAN; others read `ibanLast4`.
 */
export const BankAccount = z.object({
  iban: z.string().regex(/^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$/, "an electronic-format IBAN (no spaces, upper case)"),
  holderName: z.string().min(1).max(200),
  ibanLast4: z.string().length(4),
});
