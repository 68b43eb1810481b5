import type { CompanyProfile, SolutionSpec } from "./onboarding.js";
import { frenchVatNumber } from "./identifiers.js";

// The demo world `npm start` seeds: who a new user can sign in as, and what they will find.
// Passwords are for a developer's machine only (README: "Sign in to the demo").

export const DEMO_PASSWORD = "marketplace-demo";

export const demoOperator = { email: "operator@marketplace.localhost", password: DEMO_PASSWORD };

export const demoBuyer = {
  kind: "company" as const,
  email: "buyer@acme.example",
  password: DEMO_PASSWORD,
  locale: "fr" as const,
  legalName: "ACME Industries SAS",
  registrationNumber: "732829320",
  vatNumber: frenchVatNumber("732829320"),
  /** Its billing address, which its purchase orders and invoices print. */
  address: { line1: "1 rue de la Paix", postalCode: "75002", city: "Paris", country: "FR" },
};

const person = (firstName: string, lastName: string, birthDate: string) => ({ firstName, lastName, birthDate });

export interface DemoVendor {
  company: CompanyProfile;
  solutions: SolutionSpec[];
}

const EUR = (amount: number) => ({ amount, currency: "EUR" as const });

export const demoVendors: DemoVendor[] = [
  {
    company: {
      email: "vendor@nuage-souverain.example",
      password: DEMO_PASSWORD,
      legalName: "Nuage Souverain SAS",
      sirenBase: "81234567",
      legalForm: "SAS",
      shareCapital: EUR(5_000_000),
      address: { line1: "10 quai de la Rapée", postalCode: "75012", city: "Paris" },
      publicContact: {
        email: "contact@nuage-souverain.example",
        phone: "+33 1 84 60 00 01",
        supportUrl: "https://support.nuage-souverain.example",
      },
      representative: { ...person("Camille", "Durand", "1980-04-12"), role: "Présidente" },
      beneficialOwner: { ...person("Camille", "Durand", "1980-04-12"), sharePercent: 70 },
      bankAccount: "10000000001",
    },
    solutions: [
      {
        name: "Coffre-Fort Numérique",
        category: "saas",
        subcategory: "security",
        region: "fr-par-1",
        description: {
          fr: "Coffre-fort numérique **chiffré de bout en bout** pour vos contrats, bulletins de paie et factures. Hébergé en France, conforme RGPD.",
          en: "**End-to-end encrypted** digital vault for your contracts, payslips and invoices. Hosted in France, GDPR compliant.",
        },
        documentationUrl: "https://docs.nuage-souverain.example/vault",
        plans: [
          { name: "Équipe", billingCycle: "monthly", price: EUR(2900), trialDays: 14 },
          { name: "Entreprise", billingCycle: "yearly", price: EUR(290000), commitmentMonths: 12 },
        ],
        openTrustedCloud: true,
      },
      {
        name: "Postgres Managé",
        category: "paas",
        subcategory: "databases",
        region: "fr-par-2",
        description: {
          fr: "Bases PostgreSQL managées : sauvegardes quotidiennes, réplication et mises à jour sans interruption.",
          en: "Managed PostgreSQL databases: daily backups, replication and zero-downtime upgrades.",
        },
        documentationUrl: "https://docs.nuage-souverain.example/postgres",
        plans: [
          { name: "Essentiel", billingCycle: "monthly", price: EUR(1900) },
          { name: "Haute disponibilité", billingCycle: "monthly", price: EUR(8900), commitmentMonths: 12 },
        ],
        openTrustedCloud: true,
      },
    ],
  },
  {
    company: {
      email: "vendor@factura.example",
      password: DEMO_PASSWORD,
      legalName: "Factura SARL",
      sirenBase: "82345678",
      legalForm: "SARL",
      shareCapital: EUR(1_000_000),
      address: { line1: "20 rue de la République", postalCode: "69002", city: "Lyon" },
      publicContact: {
        email: "bonjour@factura.example",
        phone: "+33 4 72 00 00 02",
        supportUrl: "https://aide.factura.example",
      },
      representative: { ...person("Louis", "Martin", "1975-09-30"), role: "Gérant" },
      beneficialOwner: { ...person("Louis", "Martin", "1975-09-30"), sharePercent: 100 },
      bankAccount: "20000000002",
    },
    solutions: [
      {
        name: "Factura Compta",
        category: "saas",
        subcategory: "accounting",
        region: "fr-rbx-1",
        description: {
          fr: "Logiciel de facturation et de comptabilité pour PME : devis, factures, relances et rapprochement bancaire.",
          en: "Invoicing and accounting software for SMEs: quotes, invoices, reminders and bank reconciliation.",
        },
        documentationUrl: "https://docs.factura.example",
        plans: [
          { name: "Solo", billingCycle: "monthly", price: EUR(1200), trialDays: 30 },
          { name: "PME", billingCycle: "monthly", price: EUR(4900) },
          { name: "PME annuel", billingCycle: "yearly", price: EUR(49000) },
        ],
      },
      {
        name: "Factura Paie",
        category: "saas",
        subcategory: "hr",
        region: "fr-rbx-1",
        description: {
          fr: "Gestion de la paie et des congés, déclarations sociales nominatives incluses.",
          en: "Payroll and leave management, with French social declarations included.",
        },
        documentationUrl: "https://docs.factura.example/paie",
        plans: [{ name: "Par salarié", billingCycle: "monthly", price: EUR(900) }],
      },
    ],
  },
  {
    company: {
      email: "vendor@orbital-ops.example",
      password: DEMO_PASSWORD,
      legalName: "Orbital Ops SAS",
      sirenBase: "83456789",
      legalForm: "SAS",
      shareCapital: EUR(2_500_000),
      address: { line1: "5 place Kléber", postalCode: "67000", city: "Strasbourg" },
      publicContact: {
        email: "hello@orbital-ops.example",
        phone: "+33 3 88 00 00 03",
        supportUrl: "https://help.orbital-ops.example",
      },
      representative: { ...person("Inès", "Weber", "1988-01-05"), role: "CEO" },
      beneficialOwner: { ...person("Inès", "Weber", "1988-01-05"), sharePercent: 55 },
      bankAccount: "30000000003",
    },
    solutions: [
      {
        name: "Orbital Kubernetes",
        category: "paas",
        subcategory: "kubernetes",
        region: "fr-sbg-1",
        description: {
          fr: "Clusters Kubernetes managés avec mise à l'échelle automatique et observabilité intégrée.",
          en: "Managed Kubernetes clusters with autoscaling and built-in observability.",
        },
        documentationUrl: "https://docs.orbital-ops.example/kubernetes",
        plans: [
          { name: "Développement", billingCycle: "monthly", price: EUR(4900), trialDays: 7 },
          { name: "Production", billingCycle: "yearly", price: EUR(199000), commitmentMonths: 12 },
        ],
        openTrustedCloud: true,
      },
      {
        name: "Orbital Observe",
        category: "paas",
        subcategory: "observability",
        region: "de-fra-1",
        description: {
          fr: "Métriques, journaux et traces OpenTelemetry dans un seul tableau de bord, avec alertes.",
          en: "OpenTelemetry metrics, logs and traces in one dashboard, with alerting.",
        },
        documentationUrl: "https://docs.orbital-ops.example/observe",
        plans: [{ name: "Standard", billingCycle: "monthly", price: EUR(3900) }],
      },
    ],
  },
];
