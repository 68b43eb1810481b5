/**
 * The pages of the marketplace's web applications that emails link to, one table for every
 * template (docs/web-routes.md lists the same routes: a test keeps the two equal). People open
 * emails in a browser, so a link goes to a page they sign in to, never to a JSON API path
 * (`/api/v1`, `/vendor/v1`, `/ops/v1`), which answers 401 there.
 */
export const WEB_ROUTES = {
  storefront: {
    /** My purchases > More details: the order, its documents, cancel when it is overdue. */
    purchase: "/purchases/{orderId}",
    /** A document of the order (purchase order, invoice) as the signed-in buyer downloads it. */
    purchaseDocument: "/purchases/{orderId}/documents/{kind}",
    /** One subscription: its periods and invoices, stop or resume renewal, pay the open period. */
    subscription: "/subscriptions/{subscriptionId}",
    /** A renewal's invoice (by its number), as the signed-in buyer downloads it. */
    subscriptionInvoice: "/subscriptions/{subscriptionId}/invoices/{number}",
    /** The buyer's saved cards: replace the card renewals are charged to. */
    paymentMethods: "/account/payment-methods",
  },
  vendorPortal: {
    /** The vendor's listings: where an approved vendor publishes its offers. */
    listings: "/listings",
    /** One order: accept or refuse it, deliver it. */
    order: "/orders/{orderId}",
    /** The vendor's KYC application: correct it and submit it again. */
    kyc: "/kyc",
    /** One subscription a buyer holds with the vendor: its state, periods and invoices. */
    subscription: "/subscriptions/{subscriptionId}",
  },
  backoffice: {
    /** One order, for operators. */
    order: "/orders/{orderId}",
  },
} as const;

export type WebApp = keyof typeof WEB_ROUTES;

/** A route with its parameters filled in (each encoded), under its application's base URL. */
export function webUrl<A extends WebApp>(
  base: string,
  app: A,
  route: keyof (typeof WEB_ROUTES)[A],
  params: Record<string, string> = {},
): string {
  const template = WEB_ROUTES[app][route] as string;
  const path = template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`web route ${template} needs ${name}`);
    return encodeURIComponent(value);
  });
  return `${base}${path}`;
}
