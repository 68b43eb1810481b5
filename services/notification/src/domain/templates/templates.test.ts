import { readFileSync } from "node:fs";
import { join } from "node:path";
import { exampleOrder as order } from "../../../test/support/orders.js";
import { LOCALES, type Locale } from "../locale.js";
import { escapeHtml } from "./email.js";
import { WEB_ROUTES, type WebApp } from "../web-routes.js";
import {
  renderEmail,
  TEMPLATE_NAMES,
  type EmailContent,
  type MailContext,
  type TemplateFacts,
  type TemplateName,
} from "./index.js";

const context: MailContext = {
  supportEmail: "support@marketplace.example",
  storefrontWebUrl: "https://shop.marketplace.example",
  vendorPortalUrl: "https://vendors.marketplace.example",
  backofficeWebUrl: "https://ops.marketplace.example",
};
const contact = {
  email: "ventes@nuage.example",
  phone: "+33 1 84 00 00 00",
  supportUrl: "https://support.nuage.example",
};

/** One example per template: the type makes a new template fail to compile until it has one. */
const examples: { [N in TemplateName]: TemplateFacts[N] } = {
  "vendor-application-received": { legalName: "Nuage & Fils <SAS>", contact, submittedAt: "2026-11-24T23:30:00.000Z" },
  "vendor-approved": { legalName: "Nuage & Fils <SAS>", contact, approvedAt: "2026-03-01T08:00:00.000Z" },
  // What operators type reaches the email as written, escaped in HTML.
  "vendor-rejected": {
    legalName: "Nuage & Fils <SAS>",
    reason: "Kbis > 3 mois & <illisible>",
    rejectedAt: "2026-03-01T08:00:00.000Z",
  },
  "vendor-information-requested": {
    legalName: "Nuage & Fils <SAS>",
    contact,
    message: "Statuts <signés> & Kbis récent",
    requestedAt: "2026-03-01T08:00:00.000Z",
  },
  "vendor-bank-details-changed": {
    legalName: "Nuage & Fils <SAS>",
    holderName: "Nuage & Fils <SAS>",
    ibanLast4: "0189",
    changedAt: "2026-03-01T08:00:00.000Z",
  },
  "vendor-bank-details-verified": {
    legalName: "Nuage & Fils <SAS>",
    holderName: "Nuage & Fils <SAS>",
    ibanLast4: "0189",
    verifiedAt: "2026-03-01T08:00:00.000Z",
  },
  "buyer-welcome": { name: "Nuage & Fils <SAS>", kind: "company", email: "achats@nuage.example" },
  "order-confirmation": { order, purchaseOrderNumber: "PO-NUAG-2026-000001" },
  "vendor-order-received": { order, purchaseOrderNumber: "PO-NUAG-2026-000001" },
  "vendor-order-reminder": { order },
  "order-accepted": { order, acceptedAt: "2026-11-25T09:00:00.000Z" },
  // What a vendor types reaches the email as written, escaped in HTML.
  "order-refused": { order, reason: "Capacité <illisible> & région pleine", refusedAt: "2026-11-25T09:00:00.000Z" },
  "order-overdue": { order },
  "order-cancelled": { order, reason: "expired-unanswered", cancelledAt: "2026-11-29T14:30:00.000Z" },
  "order-delivered": {
    order,
    delivery: {
      accessUrl: "https://k8s.nuage.example/acme",
      instructions: "Login: admin & <signés>\nThen rotate the key.",
    },
    invoiceNumber: "NUAG-2026-000007",
    deliveredAt: "2026-11-26T10:00:00.000Z",
  },
  "operations-order-overdue": { order },
};

/** What each template must say, per language: the facts a person needs. */
const expectations: { [N in TemplateName]: Record<Locale, { subject: string; says: string[] }> } = {
  "vendor-application-received": {
    // 23:30 UTC on the 24th is already the 25th in Paris: dates are the marketplace's.
    fr: {
      subject: "Votre candidature a été soumise pour vérification : Nuage & Fils <SAS>",
      says: ["25 novembre 2026", "soumise pour vérification", "Kbis", "support@marketplace.example"],
    },
    en: {
      subject: "Your application was submitted for review: Nuage & Fils <SAS>",
      says: ["25 November 2026", "submitted for review", "Kbis", "support@marketplace.example"],
    },
  },
  "vendor-approved": {
    fr: {
      subject: "Votre compte vendeur est approuvé : Nuage & Fils <SAS>",
      says: [
        "1 mars 2026",
        "publier vos offres",
        "https://vendors.marketplace.example/listings",
        "support@marketplace.example",
      ],
    },
    en: {
      subject: "Your vendor account is approved: Nuage & Fils <SAS>",
      says: [
        "1 March 2026",
        "publish your listings",
        "https://vendors.marketplace.example/listings",
        "support@marketplace.example",
      ],
    },
  },
  "vendor-rejected": {
    fr: {
      subject: "Votre candidature n'a pas été retenue : Nuage & Fils <SAS>",
      says: ["1 mars 2026", "Kbis > 3 mois & <illisible>", "définitive", "support@marketplace.example"],
    },
    en: {
      subject: "Your application was not accepted: Nuage & Fils <SAS>",
      says: ["1 March 2026", "Kbis > 3 mois & <illisible>", "final", "support@marketplace.example"],
    },
  },
  "vendor-information-requested": {
    fr: {
      subject: "Des informations sont nécessaires pour votre candidature : Nuage & Fils <SAS>",
      says: [
        "1 mars 2026",
        "Statuts <signés> & Kbis récent",
        "de nouveau ouverte",
        "soumettez-la à nouveau",
        "support@marketplace.example",
      ],
    },
    en: {
      subject: "More information is needed for your application: Nuage & Fils <SAS>",
      says: [
        "1 March 2026",
        "Statuts <signés> & Kbis récent",
        "open again",
        "submit it again",
        "support@marketplace.example",
      ],
    },
  },
  "vendor-bank-details-changed": {
    fr: {
      subject: "Coordonnées bancaires modifiées, paiements suspendus : Nuage & Fils <SAS>",
      says: ["1 mars 2026", "•••• 0189", "suspendus jusqu'à", "support@marketplace.example"],
    },
    en: {
      subject: "Bank details changed, payouts on hold: Nuage & Fils <SAS>",
      says: ["1 March 2026", "•••• 0189", "on hold until", "support@marketplace.example"],
    },
  },
  "vendor-bank-details-verified": {
    fr: {
      subject: "Coordonnées bancaires vérifiées, paiements repris : Nuage & Fils <SAS>",
      says: ["1 mars 2026", "•••• 0189", "reprennent", "support@marketplace.example"],
    },
    en: {
      subject: "Bank details verified, payouts resumed: Nuage & Fils <SAS>",
      says: ["1 March 2026", "•••• 0189", "resume", "support@marketplace.example"],
    },
  },
  "buyer-welcome": {
    // A company has 7 days to withdraw (an individual 14).
    fr: {
      subject: "Bienvenue sur la marketplace, Nuage & Fils <SAS>",
      says: [
        "achats@nuage.example",
        "Open Trusted Cloud",
        "48 heures",
        "Mes achats",
        "7 jours",
        "support@marketplace.example",
      ],
    },
    en: {
      subject: "Welcome to the marketplace, Nuage & Fils <SAS>",
      says: [
        "achats@nuage.example",
        "Open Trusted Cloud",
        "48 hours",
        "My purchases",
        "7 days",
        "support@marketplace.example",
      ],
    },
  },
  "order-confirmation": {
    fr: {
      subject: "Votre commande PO-NUAG-2026-000001 est transmise à Nuage & Fils <SAS>",
      says: [
        "Bonjour Acme Industries",
        "Kubernetes managé — Pro",
        "2 × 49,00 € / mois = 98,00 €",
        "Total HT\u00a0: 98,00 €",
        "TVA 20 %\u00a0: 19,60 €",
        "Total TTC\u00a0: 117,60 €",
        "sous 48 heures, au plus tard le 26 novembre 2026 à 15:30 (heure de Paris)",
        "rien n'est débité",
        "https://shop.marketplace.example/purchases/ord-1",
        "https://shop.marketplace.example/purchases/ord-1/documents/purchase-order",
        "Mes achats",
        "support@marketplace.example",
      ],
    },
    en: {
      subject: "Your order PO-NUAG-2026-000001 was sent to Nuage & Fils <SAS>",
      says: [
        "Hello Acme Industries",
        "Kubernetes managé — Pro",
        "2 × €49.00 / month = €98.00",
        "Subtotal (excl. VAT): €98.00",
        "VAT 20%: €19.60",
        "Total (incl. VAT): €117.60",
        "within 48 hours, by 26 November 2026 at 15:30 (Paris time)",
        "nothing is charged",
        "https://shop.marketplace.example/purchases/ord-1",
        "https://shop.marketplace.example/purchases/ord-1/documents/purchase-order",
        "My purchases",
        "support@marketplace.example",
      ],
    },
  },
  "vendor-order-received": {
    fr: {
      subject: "Nouvelle commande à valider : PO-NUAG-2026-000001",
      says: [
        "Acme Industries (entreprise)",
        "achats@acme.example",
        "FR44732829320",
        "2 × 49,00 € / mois = 98,00 €",
        "Total TTC\u00a0: 117,60 €",
        "(3 %) : 3,53 €",
        "avant le 26 novembre 2026 à 15:30 (heure de Paris)",
        "annulée automatiquement le 29 novembre 2026 à 15:30 (heure de Paris)",
        "https://vendors.marketplace.example/orders/ord-1",
        "support@marketplace.example",
      ],
    },
    en: {
      subject: "New order to validate: PO-NUAG-2026-000001",
      says: [
        "Acme Industries (company)",
        "achats@acme.example",
        "FR44732829320",
        "2 × €49.00 / month = €98.00",
        "Total (incl. VAT): €117.60",
        "(3%): €3.53",
        "by 26 November 2026 at 15:30 (Paris time)",
        "cancelled automatically on 29 November 2026 at 15:30 (Paris time)",
        "https://vendors.marketplace.example/orders/ord-1",
        "support@marketplace.example",
      ],
    },
  },
  "vendor-order-reminder": {
    fr: {
      subject: "Rappel : plus que 24 heures pour valider la commande PO-NUAG-2026-000001",
      says: [
        "Il reste 24 heures",
        "avant le 26 novembre 2026 à 15:30 (heure de Paris)",
        "https://vendors.marketplace.example/orders/ord-1",
        "support@marketplace.example",
      ],
    },
    en: {
      subject: "Reminder: 24 hours left to validate order PO-NUAG-2026-000001",
      says: [
        "24 hours are left",
        "by 26 November 2026 at 15:30 (Paris time)",
        "https://vendors.marketplace.example/orders/ord-1",
        "support@marketplace.example",
      ],
    },
  },
  "order-accepted": {
    fr: {
      subject: "Nuage & Fils <SAS> a accepté votre commande PO-NUAG-2026-000001",
      says: [
        "25 novembre 2026",
        "débitée de 117,60 €",
        "livrer",
        "https://shop.marketplace.example/purchases/ord-1",
        "support@marketplace.example",
      ],
    },
    en: {
      subject: "Nuage & Fils <SAS> accepted your order PO-NUAG-2026-000001",
      says: [
        "25 November 2026",
        "charged €117.60",
        "deliver",
        "https://shop.marketplace.example/purchases/ord-1",
        "support@marketplace.example",
      ],
    },
  },
  "order-refused": {
    fr: {
      subject: "Votre commande PO-NUAG-2026-000001 a été refusée par Nuage & Fils <SAS>",
      says: [
        "Capacité <illisible> & région pleine",
        "Remboursement intégral : l'autorisation sur votre carte est levée, rien n'est débité.",
        "support@marketplace.example",
      ],
    },
    en: {
      subject: "Your order PO-NUAG-2026-000001 was refused by Nuage & Fils <SAS>",
      says: [
        "Capacité <illisible> & région pleine",
        "Full refund: the authorization on your card is released, nothing is charged.",
        "support@marketplace.example",
      ],
    },
  },
  "order-overdue": {
    fr: {
      subject: "Nuage & Fils <SAS> n'a pas validé votre commande PO-NUAG-2026-000001 sous 48 heures",
      says: [
        "Annuler maintenant",
        "bouton « Annuler » de la commande dans Mes achats",
        "https://shop.marketplace.example/purchases/ord-1",
        "Attendre",
        "annulée automatiquement le 29 novembre 2026 à 15:30 (heure de Paris)",
        "support@marketplace.example",
      ],
    },
    en: {
      subject: "Nuage & Fils <SAS> did not validate your order PO-NUAG-2026-000001 within 48 hours",
      says: [
        "Cancel now",
        'the "Cancel" button of the order in My purchases',
        "https://shop.marketplace.example/purchases/ord-1",
        "Wait",
        "cancelled automatically on 29 November 2026 at 15:30 (Paris time)",
        "support@marketplace.example",
      ],
    },
  },
  "order-cancelled": {
    fr: {
      subject: "Votre commande PO-NUAG-2026-000001 auprès de Nuage & Fils <SAS> est annulée",
      says: ["annulée automatiquement", "5 jours", "rien n'est débité", "support@marketplace.example"],
    },
    en: {
      subject: "Your order PO-NUAG-2026-000001 with Nuage & Fils <SAS> is cancelled",
      says: ["cancelled automatically", "5 days", "nothing is charged", "support@marketplace.example"],
    },
  },
  "order-delivered": {
    fr: {
      subject: "Nuage & Fils <SAS> a livré votre commande PO-NUAG-2026-000001",
      says: [
        "https://k8s.nuage.example/acme",
        "Login: admin & <signés>",
        "NUAG-2026-000007",
        "https://shop.marketplace.example/purchases/ord-1/documents/invoice",
        "support@marketplace.example",
      ],
    },
    en: {
      subject: "Nuage & Fils <SAS> delivered your order PO-NUAG-2026-000001",
      says: [
        "https://k8s.nuage.example/acme",
        "Login: admin & <signés>",
        "NUAG-2026-000007",
        "https://shop.marketplace.example/purchases/ord-1/documents/invoice",
        "support@marketplace.example",
      ],
    },
  },
  "operations-order-overdue": {
    fr: {
      subject: "Commande en retard : Nuage & Fils <SAS>, PO-NUAG-2026-000001",
      says: [
        "PO-NUAG-2026-000001",
        "Acme Industries <achats@acme.example>",
        "117,60 €",
        "26 novembre 2026 à 15:30 (heure de Paris)",
        "https://ops.marketplace.example/orders/ord-1",
      ],
    },
    en: {
      subject: "Overdue order: Nuage & Fils <SAS>, PO-NUAG-2026-000001",
      says: [
        "PO-NUAG-2026-000001",
        "Acme Industries <achats@acme.example>",
        "€117.60",
        "26 November 2026 at 15:30 (Paris time)",
        "https://ops.marketplace.example/orders/ord-1",
      ],
    },
  },
};

/**
 * The vendor emails about its application or its listing also show the contact details it gave
 * (to check, or correct while it still can); a decision or a bank-details email does not.
 */
const showsContact = new Set<TemplateName>([
  "vendor-application-received",
  "vendor-approved",
  "vendor-information-requested",
  // The buyer's order emails that may lead it to call the vendor (DOMAIN.md: the confirmation shows them), and the operators'.
  "order-confirmation",
  "order-accepted",
  "order-overdue",
  "order-delivered",
  "operations-order-overdue",
]);
const contactFacts = (template: TemplateName) =>
  showsContact.has(template) ? [contact.email, contact.phone, contact.supportUrl] : [];

const cases = TEMPLATE_NAMES.flatMap((template) => LOCALES.map((locale) => [template, locale] as const));

describe.each(cases)("the %s email in %s", (template, locale) => {
  const email = renderEmail({ template, facts: examples[template] } as EmailContent, locale, context);
  const expected = expectations[template][locale];

  it("has the subject of its language, naming the company", () => {
    expect(email.subject).toBe(expected.subject);
  });

  it("states the facts in the text and in the HTML", () => {
    for (const fact of [...expected.says, "Nuage & Fils <SAS>", ...contactFacts(template)]) {
      expect(email.text).toContain(fact);
      expect(email.html).toContain(escapeHtml(fact));
    }
  });

  it("is written in its language only", () => {
    const other =
      locale === "fr" ? /\b(Hello|The marketplace team|Our|your)\b/ : /\b(Bonjour|L'équipe|Nous|votre|vos)\b/;
    expect(email.text).not.toMatch(other);
    expect(email.html).toContain(`<html lang="${locale}">`);
  });

  it("escapes what the vendor and operators typed, so it cannot inject markup", () => {
    for (const typed of ["<SAS>", "<illisible>", "<signés>"]) expect(email.html).not.toContain(typed);
    expect(email.html).toContain("Nuage &amp; Fils &lt;SAS&gt;");
  });
});

describe("the contact list", () => {
  it("leaves out the support URL when the vendor gave none", () => {
    const email = renderEmail(
      {
        template: "vendor-approved",
        facts: { ...examples["vendor-approved"], contact: { email: contact.email, phone: contact.phone } },
      },
      "en",
      context,
    );
    expect(email.text).not.toContain("Support:");
    expect(email.text).toContain(`- Email: ${contact.email}\n- Phone: ${contact.phone}\n`);
  });
});

describe("the buyer-welcome email", () => {
  it("gives an individual the consumer's 14-day withdrawal period, in both languages", () => {
    const facts = { name: "Camille Martin", kind: "individual" as const, email: "camille@example.org" };
    expect(renderEmail({ template: "buyer-welcome", facts }, "fr", context).text).toContain("14 jours");
    expect(renderEmail({ template: "buyer-welcome", facts }, "en", context).text).toContain("14 days");
  });
});

describe("a vendor's delivery instructions", () => {
  it.each(LOCALES)("keep their line breaks, quoted, in %s", (locale) => {
    const email = renderEmail({ template: "order-delivered", facts: examples["order-delivered"] }, locale, context);
    expect(email.text).toContain("> Login: admin & <signés>\n> Then rotate the key.");
    expect(email.html).toContain(
      "<blockquote><p>Login: admin &amp; &lt;signés&gt;<br>Then rotate the key.</p></blockquote>",
    );
  });
});

describe("the order emails' VAT", () => {
  const reverseCharge = {
    ...order,
    vatTreatment: {
      kind: "reverse-charge" as const,
      rateBasisPoints: 0,
      mention: "Autoliquidation — article 283-2 du CGI",
    },
    totals: { ...order.totals, vat: { amount: 0, currency: "EUR" }, total: order.totals.subtotal },
  };

  it.each(LOCALES)("states the reverse charge and its legal mention instead of a VAT rate, in %s", (locale) => {
    for (const template of ["order-confirmation", "vendor-order-received"] as const) {
      const email = renderEmail(
        { template, facts: { order: reverseCharge, purchaseOrderNumber: "PO-1" } },
        locale,
        context,
      );
      expect(email.text).toContain("Autoliquidation — article 283-2 du CGI");
      expect(email.text).toContain(
        locale === "fr" ? "TVA (autoliquidation)\u00a0: 0,00 €" : "VAT (reverse charge): €0.00",
      );
      expect(email.text).not.toMatch(/TVA 20|VAT 20/);
    }
  });

  it("says when an order is outside the scope of EU VAT", () => {
    const outside = { ...order, vatTreatment: { kind: "outside-eu" as const, rateBasisPoints: 0, mention: null } };
    expect(
      renderEmail(
        { template: "order-confirmation", facts: { order: outside, purchaseOrderNumber: "PO-1" } },
        "en",
        context,
      ).text,
    ).toContain("VAT (outside the scope of EU VAT)");
  });
});

describe("the order-cancelled email", () => {
  it("tells a buyer who cancelled an overdue order that it did, in both languages", () => {
    const facts = { order, reason: "buyer-cancelled-overdue" as const, cancelledAt: "2026-11-27T09:00:00.000Z" };
    expect(renderEmail({ template: "order-cancelled", facts }, "fr", context).text).toContain(
      "vous avez annulé votre commande",
    );
    expect(renderEmail({ template: "order-cancelled", facts }, "en", context).text).toContain(
      "you cancelled your order",
    );
  });
});

describe("an operator's reason or message", () => {
  it("keeps its line breaks: quoted in the text, <br> in the HTML", () => {
    const message = "1. Le Kbis a plus de 3 mois.\n2. Il manque les statuts signés.";
    const email = renderEmail(
      { template: "vendor-information-requested", facts: { ...examples["vendor-information-requested"], message } },
      "fr",
      context,
    );
    expect(email.text).toContain("> 1. Le Kbis a plus de 3 mois.\n> 2. Il manque les statuts signés.");
    expect(email.html).toContain(
      "<blockquote><p>1. Le Kbis a plus de 3 mois.<br>2. Il manque les statuts signés.</p></blockquote>",
    );
  });
});

describe("the bank-details emails", () => {
  it.each(LOCALES)("show the account only by its last 4 characters and its holder, in %s", (locale) => {
    for (const template of ["vendor-bank-details-changed", "vendor-bank-details-verified"] as const) {
      const email = renderEmail({ template, facts: examples[template] } as EmailContent, locale, context);
      expect(email.text).toMatch(/IBAN\u00a0?: •••• 0189\n/);
      expect(email.text).toContain(`: Nuage & Fils <SAS>\n`);
    }
  });
});

const orderTemplates = TEMPLATE_NAMES.filter((template) => "order" in examples[template]);
const withoutUrls = (text: string) => text.replace(/https?:\/\/\S+/g, "");

describe("the order emails' reference", () => {
  it.each(orderTemplates.flatMap((template) => LOCALES.map((locale) => [template, locale] as const)))(
    "%s in %s names the purchase order number, never the order's internal id",
    (template, locale) => {
      const email = renderEmail({ template, facts: examples[template] } as EmailContent, locale, context);
      expect(email.subject).toContain("PO-NUAG-2026-000001");
      expect(withoutUrls(email.text)).toContain("PO-NUAG-2026-000001");
      expect(withoutUrls(`${email.subject}\n${email.text}`)).not.toContain(order.orderId);
    },
  );

  it("falls back to the order's id for an event recorded before the number travelled", () => {
    const { purchaseOrderNumber: _dropped, ...older } = order;
    const email = renderEmail(
      { template: "order-accepted", facts: { ...examples["order-accepted"], order: older } },
      "en",
      context,
    );
    expect(email.subject).toBe("Nuage & Fils <SAS> accepted your order ord-1");
  });
});

describe("the links of every email", () => {
  const bases: Record<WebApp, string> = {
    storefront: context.storefrontWebUrl,
    vendorPortal: context.vendorPortalUrl,
    backoffice: context.backofficeWebUrl,
  };
  /** Each documented route as a pattern under its application's base URL. */
  const routePatterns = (Object.keys(WEB_ROUTES) as WebApp[]).flatMap((app) =>
    Object.values(WEB_ROUTES[app]).map(
      (route: string) => new RegExp(`^${bases[app].replace(/\./g, "\\.")}${route.replace(/\{\w+\}/g, "[^/?#]+")}$`),
    ),
  );
  // What vendors gave (their support page, a delivery's access URL) is theirs to choose.
  const vendorGiven = new Set([contact.supportUrl, "https://k8s.nuage.example/acme"]);

  it.each(cases)("%s in %s links only to documented web routes, never to an API", (template, locale) => {
    const email = renderEmail({ template, facts: examples[template] } as EmailContent, locale, context);
    const inText = email.text.match(/https?:\/\/[^\s<>"]+/g) ?? [];
    const inHtml = [...email.html.matchAll(/href="([^"]+)"/g)].map((match) => match[1]!.replace(/&amp;/g, "&"));
    for (const url of [...inText, ...inHtml].map((found) => found.replace(/[.,;:)]+$/, ""))) {
      if (vendorGiven.has(url)) continue;
      expect(url).not.toMatch(/\/(api|vendor|ops)\/v1(\/|$)/);
      expect(routePatterns.some((pattern) => pattern.test(url)) ? url : `undocumented: ${url}`).toBe(url);
    }
  });

  it("are the routes docs/web-routes.md lists, each with its application", () => {
    const doc = readFileSync(join(__dirname, "../../../../../docs/web-routes.md"), "utf8");
    const documented = [...doc.matchAll(/^\| `(\w+)` +\| `(\/[^`]*)` /gm)].map(([, app, route]) => `${app} ${route}`);
    const declared = (Object.keys(WEB_ROUTES) as WebApp[]).flatMap((app) =>
      Object.values(WEB_ROUTES[app]).map((route: string) => `${app} ${route}`),
    );
    expect(documented.sort()).toEqual(declared.sort());
  });
});
