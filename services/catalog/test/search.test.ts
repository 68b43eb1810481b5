import { deleteBusNamespace } from "@mkt/testing";
import { approvedVendor, plan, product, startCatalog, type Catalog, type Json } from "./support/catalog.js";

let catalog: Catalog;
let call: Awaited<ReturnType<typeof startCatalog>>["api"];
let clock: Awaited<ReturnType<typeof startCatalog>>["clock"];
let namespace: string;
const ids: Record<string, string> = {};
let vendorA: string;
let vendorB: string;

const eur = (amount: number) => ({ amount, currency: "EUR" });

async function publish(
  vendorId: string,
  key: string,
  overrides: Record<string, unknown>,
  options: { publish?: boolean } = {},
): Promise<string> {
  clock.advanceBy(60_000);
  const created = await call.post(`/vendors/${vendorId}/products`, product(overrides));
  expect(created.status).toBe(201);
  if (options.publish !== false)
    expect((await call.post(`/vendors/${vendorId}/products/${created.body.id}/publish`)).status).toBe(200);
  ids[key] = created.body.id;
  return created.body.id;
}

beforeAll(async () => {
  ({ catalog, api: call, clock, namespace } = await startCatalog());
  vendorA = await approvedVendor(catalog, "Nuage Souverain SAS");
  vendorB = await approvedVendor(catalog, "Octet & Fils SARL");
  await publish(vendorA, "factur", { plans: [plan({ price: eur(4900), trialDays: 14 })] });
  await publish(vendorA, "kube", {
    name: "KubeSouverain",
    category: "paas",
    subcategory: "kubernetes",
    description: {
      fr: "Orchestration de **conteneurs** hébergée en France.",
      en: "Managed **container** orchestration hosted in France.",
    },
    plans: [
      plan({ price: eur(19900), trialDays: 0 }),
      plan({ name: "Annuel", billingCycle: "yearly", price: eur(199000), trialDays: 0 }),
    ],
  });
  await publish(vendorB, "paie", {
    name: "PaieFacile",
    subcategory: "hr",
    description: { fr: "Gestion de la paie et des congés.", en: "Payroll and leave management." },
    plans: [plan({ billingCycle: "yearly", price: eur(9900), trialDays: 30 })],
  });
  await publish(vendorB, "data", {
    name: "DataCoffre",
    category: "paas",
    subcategory: "databases",
    description: {
      fr: "Bases de données PostgreSQL managées, sauvegardes comprises.",
      en: "Managed PostgreSQL databases, backups included.",
    },
    plans: [plan({ name: "S", price: eur(2900), trialDays: 0 }), plan({ name: "L", price: eur(9900), trialDays: 0 })],
  });
  await publish(vendorB, "turbo", {
    name: "PostgreSQL Turbo",
    category: "paas",
    subcategory: "databases",
    description: { fr: "Une base rapide.", en: "A fast engine." },
    plans: [plan({ price: eur(15000), trialDays: 0 })],
  });
  await publish(vendorA, "draft", { name: "Facturation brouillon" }, { publish: false });
  const hidden = await publish(vendorA, "unpublished", { name: "Facturation retirée" });
  await call.post(`/vendors/${vendorA}/products/${hidden}/unpublish`);
  await call.put(`/products/${ids.factur}/labels/open-trusted-cloud`, { operatorId: "op" });
});
afterAll(async () => {
  await catalog?.stop();
  await deleteBusNamespace(namespace);
});

async function search(query: string): Promise<Json> {
  const response = await call.get(`/products?${query}`);
  expect(response.status).toBe(200);
  return response.body;
}
const found = async (query: string) =>
  (await search(query)).items.map((item: Json) => Object.keys(ids).find((key) => ids[key] === item.id));

describe("searching published solutions", () => {
  it("shows only published listings, newest first by default", async () => {
    expect(await found("")).toEqual(["turbo", "data", "paie", "kube", "factur"]);
  });

  it("finds a French description by a French word and an English one by an English word", async () => {
    expect(await found("q=facturation")).toEqual(["factur"]);
    expect(await found("q=invoicing")).toEqual(["factur"]);
    expect(await found("q=conteneur")).toEqual(["kube"]); // French stemming: conteneurs
    expect(await found("q=databases")).toEqual(["data"]); // English stemming
    expect(await found("q=paie%20cong%C3%A9s")).toEqual(["paie"]); // two words, both required
    expect(await found("q=blockchain")).toEqual([]);
  });

  it("ranks a match in the name above a match in the description", async () => {
    expect(await found("q=postgresql")).toEqual(["turbo", "data"]);
    expect(await found("q=postgresql&sort=name")).toEqual(["data", "turbo"]);
  });

  it("filters by category, subcategory, label and vendor", async () => {
    expect(await found("category=paas")).toEqual(["turbo", "data", "kube"]);
    expect(await found("subcategory=hr")).toEqual(["paie"]);
    expect(await found("label=open-trusted-cloud")).toEqual(["factur"]);
    expect(await found(`vendor=${vendorB}`)).toEqual(["turbo", "data", "paie"]);
    expect(await found(`vendor=someone-else`)).toEqual([]);
    expect(await found("category=paas&q=orchestration")).toEqual(["kube"]);
  });

  it("filters on plans: cycle and price range must hold for one same active plan, and fromPrice is the cheapest such plan", async () => {
    const yearly = await search("billingCycle=yearly&sort=price-asc");
    expect(yearly.items.map((i: Json) => [i.name, i.fromPrice.amount])).toEqual([
      ["PaieFacile", 9900],
      ["KubeSouverain", 199000],
    ]);
    expect(await found("billingCycle=monthly&minPrice=100000")).toEqual([]); // kube's 199000 is yearly
    const range = await search("minPrice=5000&maxPrice=10000&sort=price-asc");
    // Both cost 9900 within the range (DataCoffre's 2900 plan is below it): the id breaks the tie.
    expect(range.items.map((i: Json) => i.id)).toEqual([ids.paie, ids.data].sort());
    expect(range.items.map((i: Json) => i.fromPrice.amount)).toEqual([9900, 9900]);
    expect(await found("maxPrice=3000")).toEqual(["data"]);
    expect(await found("freeTrial=true")).toEqual(["paie", "factur"]);
    expect(await found("freeTrial=false")).toHaveLength(5);
  });

  it("sorts by price, name and newest", async () => {
    expect(await found("sort=price-asc")).toEqual(["data", "factur", "paie", "turbo", "kube"]);
    expect(await found("sort=price-desc")).toEqual(["kube", "turbo", "paie", "factur", "data"]);
    expect(await found("sort=name")).toEqual(["data", "factur", "kube", "paie", "turbo"]);
    expect(await found("sort=newest")).toEqual(["turbo", "data", "paie", "kube", "factur"]);
  });

  it("describes each hit: excerpt in the locale without markdown, vendor, cycles, trial, labels", async () => {
    const [fr] = (await search("q=facturation&locale=fr")).items;
    expect(fr).toMatchObject({
      id: ids.factur,
      name: "Factur'Nuage",
      category: "saas",
      subcategory: "accounting",
      region: "fr-par-1",
      labels: ["open-trusted-cloud"],
      vendor: { id: vendorA, legalName: "Nuage Souverain SAS" },
      excerpt: "Factur'Nuage La facturation en ligne pour les PME : devis, relances et paiements.",
      fromPrice: { amount: 4900, currency: "EUR" },
      billingCycles: ["monthly"],
      freeTrial: true,
    });
    const [en] = (await search("q=facturation")).items;
    expect(en.excerpt).toBe("Factur'Nuage Online invoicing for small businesses: quotes, reminders and payments.");
    expect((await search("q=orchestration")).items[0].billingCycles).toEqual(["monthly", "yearly"]);
  });

  it("answers a malformed cursor, or one of another sort, with a 400 naming query.cursor", async () => {
    for (const cursor of ["garbage!", "eyJ4IjoxfQ"]) {
      const response = await call.get(`/products?cursor=${cursor}`);
      expect(response).toMatchObject({ status: 400, body: { errors: [{ path: "query.cursor" }] } });
    }
    const page = await search("limit=1&sort=name");
    expect((await call.get(`/products?sort=newest&cursor=${page.nextCursor}`)).status).toBe(400);
  });
});

describe("search pages", () => {
  let vendorC: string;
  const all: string[] = [];
  beforeAll(async () => {
    vendorC = await approvedVendor(catalog, "Pages SAS");
    const words = ["Alpha", "Bravo", "Charlie", "Delta", "Echo"];
    for (let i = 0; i < 23; i++) {
      // Repeated names and prices make ties that only the id breaks.
      all.push(
        await publish(vendorC, `page-${i}`, {
          name: `Outil ${words[i % 5]}`,
          plans: [plan({ price: eur(1000 * (1 + (i % 4))) })],
        }),
      );
    }
  });

  async function everyPage(query: string, limit: number): Promise<string[]> {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Json = await search(`${query}&vendor=${vendorC}&limit=${limit}${cursor ? `&cursor=${cursor}` : ""}`);
      seen.push(...page.items.map((i: Json) => i.id));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor && pages < 50);
    return seen;
  }

  it.each([
    ["newest", 23],
    ["name", 23],
    ["price-asc", 23],
    ["price-desc", 23],
    ["price-asc&minPrice=2500", 11], // plan filters: the walk over matching plans
    ["price-desc&billingCycle=monthly", 23],
  ])("walks every %s page without duplicates or gaps", async (sort, total) => {
    const whole = (await search(`sort=${sort}&vendor=${vendorC}&limit=100`)).items.map((i: Json) => i.id);
    expect(whole).toHaveLength(total);
    expect(new Set(whole).size).toBe(total);
    expect(await everyPage(`sort=${sort}`, 4)).toEqual(whole);
  });

  it("walks relevance pages the same way", async () => {
    const whole = (await search(`q=outil&vendor=${vendorC}&limit=100`)).items.map((i: Json) => i.id);
    expect(whole).toHaveLength(23);
    expect(await everyPage("q=outil", 5)).toEqual(whole);
  });

  it("stays stable when a solution is published between two pages", async () => {
    const first = await search(`vendor=${vendorC}&limit=10`);
    await publish(vendorC, "late", { name: "Outil Tardif" });
    const rest: string[] = [];
    let cursor: string | null = first.nextCursor;
    while (cursor) {
      const page: Json = await search(`vendor=${vendorC}&limit=10&cursor=${cursor}`);
      rest.push(...page.items.map((i: Json) => i.id));
      cursor = page.nextCursor;
    }
    const seen = [...first.items.map((i: Json) => i.id), ...rest];
    expect(seen).toEqual([...all].reverse());
  });
});
