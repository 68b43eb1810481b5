import { z } from "zod";
import { defineEndpoint } from "./define-endpoint.js";
import { Page, PageQuery } from "./common.js";
import { Timestamp } from "../common/primitives.js";

// notification's internal API (not public): called by storefront-gateway and vendor-api with
// createServiceClient, each passing its caller's own recipient key. WIRE FORMAT between services
// (and, through the gateways, toward buyers and vendors): change it with every side.

/** One notification of a history, as the gateways show it to its recipient. */
export const NotificationSummary = z
  .object({
    id: z.string(),
    channel: z.string().meta({ description: "`email` (the only channel so far)." }),
    template: z
      .string()
      .meta({ description: "What it is about, e.g. `buyer-welcome`, `vendor-application-received`." }),
    locale: z.string().meta({ description: "`fr` or `en`: the language it was written in." }),
    subject: z.string(),
    status: z.string().meta({
      description:
        "`queued` (not sent yet; retried while the mail server is down), `sent` or `failed` (after the last retry).",
    }),
    to: z.string().meta({ description: "The address it was sent to." }),
    attempts: z.number().int(),
    createdAt: Timestamp,
    sentAt: Timestamp.nullable(),
  })
  .meta({ id: "Notification" });

/** A recipient's key in notification: `buyer:<buyerId>` or `vendor:<vendorId>`. */
export const notificationRecipient = {
  buyer: (buyerId: string) => `buyer:${buyerId}`,
  vendor: (vendorId: string) => `vendor:${vendorId}`,
};

export const ListNotifications = defineEndpoint({
  method: "get",
  path: "/notifications",
  summary: "A recipient's notifications, newest first, a page at a time",
  tags: ["notifications"],
  query: PageQuery.extend({
    recipient: z.string().trim().min(1).max(200).meta({ description: "`buyer:<buyerId>` or `vendor:<vendorId>`." }),
  }),
  response: { status: 200, schema: Page(NotificationSummary) },
});
