import type { TxOf } from "@mkt/service-kit";
import type { Db } from "../db/client.js";

/**
 * Whether a vendor's payouts are on hold, as far as its emails tell: THE RULE for emailing a
 * bank-details verification. vendor.bank-details-verified is emitted both at approval (with
 * vendor.approved, in the same transaction) and when an operator re-verifies changed details;
 * only the second is news. So a verification is emailed only if a "bank details changed" email
 * was recorded for this vendor after its last "bank details verified" email (or ever, if none).
 *
 * Why the emails' own history is enough: only an approved vendor can change its bank details, so
 * no change precedes the approval's verification; every later verification that lifts a hold is
 * emailed, so the last "verified" email marks the last lifted hold.
 *
 * Limit, accepted: the rule follows the order in which this service handled the events. A
 * verification handled before the change it verifies (separate durables, one far behind) is not
 * emailed; that needs an operator to verify within the lag, and the payout still goes.
 */
export async function payoutHoldPending(tx: TxOf<Db>, recipientKey: string): Promise<boolean> {
  const lastVerified = await tx.notification.findFirst({
    where: { recipientKey, template: "vendor-bank-details-verified" },
    orderBy: [{ createdAt: "desc" }],
    select: { createdAt: true },
  });
  const change = await tx.notification.findFirst({
    where: {
      recipientKey,
      template: "vendor-bank-details-changed",
      ...(lastVerified ? { createdAt: { gt: lastVerified.createdAt } } : {}),
    },
    select: { id: true },
  });
  return change !== null;
}
