import { composeEmail, type Template } from "./email.js";

export interface BuyerWelcomeFacts {
  /** The company's legal name, or the individual's name. */
  name: string;
  kind: "company" | "individual";
  /** The address the buyer signed up with (its sign-in). */
  email: string;
}

/**
 * To a buyer who just signed up on the storefront: its account exists (and with which address),
 * what it can do next (browse, filter on the label, ask vendors, buy, follow its purchases, its
 * withdrawal period), and who to ask.
 */
export const buyerWelcome: Template<BuyerWelcomeFacts> = (facts, locale, context) => {
  if (locale === "fr") {
    const withdrawal = facts.kind === "company" ? "7 jours" : "14 jours";
    return composeEmail(locale, `Bienvenue sur la marketplace, ${facts.name}`, [
      { paragraph: "Bonjour," },
      { paragraph: `Le compte acheteur de ${facts.name} est créé. Vous vous connectez avec l'adresse ${facts.email}.` },
      { paragraph: "Ce que vous pouvez faire maintenant :" },
      {
        list: [
          [
            "Parcourir",
            "les solutions SaaS et PaaS hébergées sur l'infrastructure de la marketplace, et filtrer sur le label Open Trusted Cloud",
          ],
          ["Se renseigner", "lire la documentation et contacter le vendeur avant d'acheter"],
          [
            "Acheter",
            "ajouter des plans à votre panier et payer par carte bancaire ; chaque vendeur valide sa commande sous 48 heures",
          ],
          ["Suivre", "retrouver vos achats, documents et abonnements dans Mes achats"],
        ],
      },
      { paragraph: `Après une commande, vous disposez de ${withdrawal} pour vous rétracter.` },
      { paragraph: `Une question ? Notre support vous répond à ${context.supportEmail}.` },
      { paragraph: "L'équipe de la marketplace" },
    ]);
  }
  const withdrawal = facts.kind === "company" ? "7 days" : "14 days";
  return composeEmail(locale, `Welcome to the marketplace, ${facts.name}`, [
    { paragraph: "Hello," },
    { paragraph: `The buyer account of ${facts.name} is ready. You sign in with the address ${facts.email}.` },
    { paragraph: "What you can do now:" },
    {
      list: [
        [
          "Browse",
          "SaaS and PaaS solutions hosted on the marketplace's infrastructure, and filter on the Open Trusted Cloud label",
        ],
        ["Ask", "read the documentation and contact the vendor before buying"],
        ["Buy", "add plans to a cart and pay by bank card; each vendor validates its order within 48 hours"],
        ["Follow", "find your purchases, documents and subscriptions in My purchases"],
      ],
    },
    { paragraph: `After an order, you have ${withdrawal} to withdraw from it.` },
    { paragraph: `A question? Our support team answers at ${context.supportEmail}.` },
    { paragraph: "The marketplace team" },
  ]);
};
