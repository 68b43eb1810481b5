import { z } from "zod";
import { DownloadRenewalInvoice, Id, SubscriptionDetails, defineEndpoint } from "@mkt/contracts";
import { vendorAuth } from "./endpoints.js";

// WIRE FORMAT: one of the vendor's subscriptions and its renewals' invoices (issue 12). The vendor
// id comes from the credential; another vendor's subscription is a 404.

const SubscriptionParams = z.object({ subscriptionId: Id.meta({ description: "The subscription id." }) });

export const GetMySubscription = defineEndpoint({
  method: "get",
  path: "/subscriptions/:subscriptionId",
  summary: "One of the vendor's subscriptions in full: terms, state, cancellation, next due date and amount, periods",
  description:
    "`periods` is the payment history, newest first: each period's state (`scheduled`, `due`, `failed`, `paid`), when and " +
    "by what it was paid, the invoice number of a renewed one, its failed attempts and the last one's reason. " +
    "`periodTotals.fee` is the marketplace's 3%.",
  tags: ["subscriptions"],
  params: SubscriptionParams,
  response: { status: 200, schema: SubscriptionDetails },
  auth: vendorAuth,
  errors: [404, 502, 504],
});

export const DownloadMyRenewalInvoice = defineEndpoint({
  method: "get",
  path: "/subscriptions/:subscriptionId/invoices/:number",
  summary: "Your invoice of a renewed period (PDF), by the number its period shows (`periods[].invoiceNumber`)",
  description:
    "The first period is invoiced with the order (`GET /orders/{id}/documents/invoice`). Another vendor's subscription, " +
    "or a number its order does not have, is a 404.",
  tags: ["subscriptions"],
  params: SubscriptionParams.extend({ number: DownloadRenewalInvoice.params.shape.number }),
  response: { status: 200, file: { contentTypes: ["application/pdf"] } },
  auth: vendorAuth,
  errors: [404, 502, 504],
});

/** The subscription routes of the vendor API beyond the list (listed with `vendorApiEndpoints`). */
export const subscriptionEndpoints = [GetMySubscription, DownloadMyRenewalInvoice] as const;
