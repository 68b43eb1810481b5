import { z } from "zod";
import { CancellationAnswer, DownloadRenewalInvoice, Id, defineEndpoint } from "@mkt/contracts";
import { MySubscriptionDetails } from "./endpoints.js";

// WIRE FORMAT: what the signed-in buyer does with its subscriptions (issue 12): stop their renewal
// (asked, confirmed, undone), pay an open period after replacing the card, download a renewal's
// invoice. The buyer id comes from the token; another buyer's subscription is a 404.

const SubscriptionParams = z.object({ subscriptionId: Id.meta({ description: "The subscription id." }) });

const TOO_LATE =
  "409 `too-late-to-cancel` within 24 hours of the next due date (`possibleFrom`: the date a cancellation asked now " +
  "would take effect), `already-cancelled`, `subscription-state-conflict` (`subscriptionState` says where it stands).";

export const RequestMyCancellation = defineEndpoint({
  method: "post",
  path: "/subscriptions/:subscriptionId/cancellation",
  summary:
    "Ask to stop a subscription's renewal: the last day of service and the amount no longer charged, nothing changed yet",
  description:
    "Possible until 24 hours before the next due date; with a commitment it takes effect at the end of the committed term " +
    "(`deferredByCommitment`). Confirm it with `POST …/cancellation/confirm` before `expiresAt` (an hour), or it lapses. " +
    TOO_LATE,
  tags: ["subscriptions"],
  params: SubscriptionParams,
  response: { status: 201, schema: CancellationAnswer },
  auth: "buyerToken",
  errors: [404, 409, 502, 504],
});

export const ConfirmMyCancellation = defineEndpoint({
  method: "post",
  path: "/subscriptions/:subscriptionId/cancellation/confirm",
  summary: "Confirm stopping renewal: nothing is charged from `effectiveOn`, service lasts until `lastDayOfService`",
  description:
    "Confirming twice answers the same. 409 `no-cancellation` (none asked), `cancellation-request-expired` (ask again), or " +
    TOO_LATE,
  tags: ["subscriptions"],
  params: SubscriptionParams,
  response: { status: 200, schema: CancellationAnswer },
  auth: "buyerToken",
  errors: [404, 409, 502, 504],
});

export const UndoMyCancellation = defineEndpoint({
  method: "delete",
  path: "/subscriptions/:subscriptionId/cancellation",
  summary: "Undo stopping renewal (until it takes effect): the subscription renews again",
  description: "409 `no-cancellation` when none was asked, `subscription-state-conflict` once ended.",
  tags: ["subscriptions"],
  params: SubscriptionParams,
  response: { status: 200, schema: MySubscriptionDetails },
  auth: "buyerToken",
  errors: [404, 409, 502, 504],
});

export const PayMyOpenPeriod = defineEndpoint({
  method: "post",
  path: "/subscriptions/:subscriptionId/payment",
  summary: "Pay the open period of a past-due or suspended subscription now, with the card my renewals are charged on",
  description:
    "Replace the card first (`PUT /account/payment-method`) when the last one was declined. The charge runs at once in the " +
    "background: its outcome shows as the period's state (`paid`, or `failed` with `lastFailure`), and a suspended " +
    "subscription paid this way is reactivated on the same anchor. 409 `subscription-state-conflict` when nothing is open.",
  tags: ["subscriptions"],
  params: SubscriptionParams,
  response: { status: 202, schema: MySubscriptionDetails, description: "The charge is on its way." },
  auth: "buyerToken",
  errors: [404, 409, 502, 504],
});

export const DownloadMyRenewalInvoice = defineEndpoint({
  method: "get",
  path: "/subscriptions/:subscriptionId/invoices/:number",
  summary: "The vendor's invoice of a renewed period (PDF), by the number its period shows (`periods[].invoiceNumber`)",
  description:
    "The first period is invoiced with the purchase (`GET /purchases/{orderId}/documents/invoice`). Another buyer's " +
    "subscription, or a number its purchase does not have, is a 404.",
  tags: ["subscriptions"],
  params: SubscriptionParams.extend({ number: DownloadRenewalInvoice.params.shape.number }),
  response: { status: 200, file: { contentTypes: ["application/pdf"] } },
  auth: "buyerToken",
  errors: [404, 502, 504],
});

/** The subscription actions of the storefront's public API (listed with `storefrontEndpoints`). */
export const subscriptionActionEndpoints = [
  RequestMyCancellation,
  ConfirmMyCancellation,
  UndoMyCancellation,
  PayMyOpenPeriod,
  DownloadMyRenewalInvoice,
] as const;
