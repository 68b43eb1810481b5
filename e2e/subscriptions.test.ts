// Issue 12's journeys across real processes, through the public gateways only (storefront
// /api/v1, vendor-api /vendor/v1, backoffice /ops/v1), on the marketplace's one clock: what buyers
// see of their subscriptions (states, dates, amounts, invoices, refunds) and the emails they get.
// The clock only moves forward and every journey shares it, so the file is one story in
// chronological order: a first month (a dispute, trials, withdrawals, stopping renewal, dunning),
// then the next leap year (31 January → 29 February → 31 March → 30 April; 29 February → 28
// February). Each journey has its own buyers, so other journeys' timers firing change nothing it
// asserts; what the first month leaves renewing is stopped before the clock jumps a year.
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { demoOperator, demoVendors, request, seedDemoWorld, signIn, textPdf, type GatewayUrls } from "@mkt/demo-world";
import { deleteDeliveryQueue, emailQueueName } from "@mkt/notification/bootstrap";
import { SmtpSink, call, download, upload, type Json } from "@mkt/testing";
import { eventually } from "./support/eventually";
import { startMarketplace, type Marketplace } from "./support/stack";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const PASSWORD = "a long enough passphrase";
/** Charges, invoices and emails cross several processes and brokers on a shared machine. */
const SETTLES = 60_000;
const eur = (amount: number) => ({ amount, currency: "EUR" });
const MAIL_RETRY_DELAYS_MS = [200, 500, 1000];
const AMQP_URL = process.env.AMQP_URL ?? "amqp://guest:guest@127.0.0.1:5672";

// ---- Calendar dates and Paris instants (buyers here have no zone of their own: Europe/Paris).

const ZONE = "Europe/Paris";
/** How far Paris is ahead of UTC at `instant`, in ms. */
function parisOffset(instant: number): number {
  const name = new Intl.DateTimeFormat("en-US", { timeZone: ZONE, timeZoneName: "longOffset" })
    .formatToParts(new Date(instant))
    .find((part) => part.type === "timeZoneName")!.value;
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  return match ? (match[1] === "-" ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3])) * MINUTE : 0;
}
/** `date` (YYYY-MM-DD) at `time` (HH:MM) in Paris. */
function paris(date: string, time = "00:00"): Date {
  const wall = Date.parse(`${date}T${time}:00.000Z`);
  // Twice: the offset of the instant found, not of the wall time read as UTC (a DST change between them).
  return new Date(wall - parisOffset(wall - parisOffset(wall)));
}
const parisDate = (instant: number) =>
  new Intl.DateTimeFormat("en-CA", { timeZone: ZONE, year: "numeric", month: "2-digit", day: "2-digit" }).format(
    new Date(instant),
  );
const plusDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00.000Z`) + days * DAY).toISOString().slice(0, 10);
/** Only for days that every month has (≤ 28): the journeys that clamp spell their dates out. */
const plusMonths = (date: string, months: number) => {
  const [year, month, day] = date.split("-").map(Number);
  return new Date(Date.UTC(year!, month! - 1 + months, day)).toISOString().slice(0, 10);
};
const isLeap = (year: number) => year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);

/**
 * The first month's day 0: the 10th of the month after today (so no date of it is clamped), in
 * Paris. D1 = its first renewal. The leap year comes after that month, whenever the file runs.
 */
const [thisYear, thisMonth] = parisDate(Date.now()).split("-").map(Number);
const D0 = plusMonths(`${thisYear}-${String(thisMonth).padStart(2, "0")}-10`, 1);
const D1 = plusMonths(D0, 1);
const D2 = plusMonths(D0, 2);
let LEAP = Number(D1.slice(0, 4)) + 1;
while (!isLeap(LEAP)) LEAP++;
const NEXT = LEAP + 1;

interface Buyer {
  email: string;
  kind: "company" | "individual";
  name: string;
}
interface Plan {
  productName: string;
  planName: string;
  planId: string;
  vendor: { email: string; password: string; legalName: string };
}

let buyers = 0;

describe("subscriptions and after-sale across the marketplace's processes", () => {
  const smtp = new SmtpSink();
  let market: Marketplace;
  let urls: GatewayUrls;
  const plans = new Map<string, Plan>();

  beforeAll(async () => {
    await smtp.start();
    market = await startMarketplace({
      services: [
        "vendor-kyc",
        "catalog",
        "cart",
        "payment",
        "order",
        "subscription",
        "notification",
        "storefront-gateway",
        "vendor-api",
        "backoffice-api",
      ],
      env: {
        OPERATOR_EMAIL: demoOperator.email,
        OPERATOR_PASSWORD: demoOperator.password,
        SMTP_URL: smtp.url,
        MAIL_RETRY_DELAYS_MS: MAIL_RETRY_DELAYS_MS.join(","),
        CHECKOUT_WAIT_MS: "4000",
        OUTBOX_POLL_MS: "100",
        // A moved clock is noticed within a second (timers) and due periods are looked for twice a second.
        RENEWAL_POLL_MS: "500",
        TIMER_POLL_MS: "1000",
      },
      readyTimeoutMs: 240_000,
    });
    urls = {
      storefront: market.url("storefront-gateway", "/api/v1"),
      vendorApi: market.url("vendor-api", "/vendor/v1"),
      backoffice: market.url("backoffice-api", "/ops/v1"),
    };
    await seedDemoWorld(urls);
    const wanted: [string, string][] = [
      ["Postgres Managé", "Essentiel"],
      ["Factura Compta", "PME"],
      ["Factura Compta", "PME annuel"],
      ["Factura Paie", "Par salarié"],
      ["Orbital Observe", "Standard"],
      ["Orbital Kubernetes", "Développement"],
      ["Coffre-Fort Numérique", "Équipe"],
    ];
    for (const [productName, planName] of wanted) {
      const product = await eventually(async () => {
        const found = await request(`${urls.storefront}/products?q=${encodeURIComponent(productName)}`);
        const item = found.body.items.find((candidate: Json) => candidate.name === productName);
        expect(item).toBeDefined();
        return (await request(`${urls.storefront}/products/${item.id}`)).body;
      });
      const plan = product.plans.find((candidate: Json) => candidate.name === planName);
      const vendor = demoVendors.find((v) => v.solutions.some((s) => s.name === productName))!.company;
      plans.set(planName, { productName, planName, planId: plan.planId, vendor });
    }
    // The first month's purchases are made on day 0 at 10:00 in Paris.
    await at(paris(D0, "10:00"));
  }, 400_000);
  afterAll(async () => {
    await market?.stop();
    await deleteDeliveryQueue({
      url: AMQP_URL,
      name: emailQueueName({ BUS_NAMESPACE: market?.busNamespace }),
      retryDelaysMs: MAIL_RETRY_DELAYS_MS,
    }).catch(() => undefined);
    await smtp.stop();
  });

  // ---- The clock and sign-ins: tokens live 15 minutes of the clock, so a move signs everyone in again.

  let epoch = 0;
  const tokens = new Map<string, { epoch: number; token: string }>();
  async function tokenOf(url: string, email: string, password: string): Promise<string> {
    const key = `${url} ${email}`;
    const cached = tokens.get(key);
    if (cached?.epoch === epoch) return cached.token;
    const token = await signIn(url, email, password);
    tokens.set(key, { epoch, token });
    return token;
  }
  async function at(instant: Date): Promise<void> {
    await market.setClock(instant);
    epoch++;
  }

  const storefront = async (buyer: Buyer, method: string, path: string, body?: unknown, headers = {}) =>
    call(urls.storefront, method, path, {
      token: await tokenOf(urls.storefront, buyer.email, PASSWORD),
      body,
      headers,
    });
  const vendorApi = async (plan: Plan, method: string, path: string, body?: unknown) =>
    call(urls.vendorApi, method, path, {
      token: await tokenOf(urls.vendorApi, plan.vendor.email, plan.vendor.password),
      body,
    });
  const backoffice = async (method: string, path: string, body?: unknown) =>
    call(urls.backoffice, method, path, {
      token: await tokenOf(urls.backoffice, demoOperator.email, demoOperator.password),
      body,
    });
  const plan = (name: string) => plans.get(name)!;
  /** What a PDF says, as pdftotext reads it (node scripts/setup.mjs installs it where missing). */
  const pdfText = (bytes: Uint8Array) => {
    const file = join(mkdtempSync(join(tmpdir(), "subscription-pdf-")), "document.pdf");
    writeFileSync(file, bytes);
    return execFileSync("pdftotext", ["-layout", file, "-"]).toString();
  };

  async function signUp(kind: Buyer["kind"], label: string): Promise<Buyer> {
    const n = ++buyers;
    const email = `${label.toLowerCase().replaceAll(" ", "-")}-${n}-${Date.now()}@subscriptions.test`;
    const name = kind === "company" ? `${label} ${n} SAS` : `${label} ${n}`;
    const body =
      kind === "company"
        ? {
            kind,
            email,
            password: PASSWORD,
            locale: "en",
            legalName: name,
            registrationNumber: "732829320",
            address: { line1: "1 rue du Commerce", postalCode: "75015", city: "Paris", country: "FR" },
          }
        : { kind, email, password: PASSWORD, locale: "en", name };
    const signed = await call(urls.storefront, "POST", "/auth/signup", { body });
    expect(signed.status).toBe(201);
    tokens.set(`${urls.storefront} ${email}`, { epoch, token: signed.body.tokens.accessToken });
    return { email, kind, name };
  }

  /** The buyer pays `planName` alone (the card kept for renewals) and its vendor accepts: the order as bought. */
  async function buy(buyer: Buyer, planName: string): Promise<Json> {
    const bought = plan(planName);
    expect((await storefront(buyer, "POST", "/cart/items", { planId: bought.planId, quantity: 1 })).status).toBe(201);
    // The cart learns of a new buyer through buyer.registered: the first checkout may come too early.
    const paid = await eventually(async () => {
      const answer = await storefront(
        buyer,
        "POST",
        "/checkout",
        { paymentMethod: "pm_card_visa", saveForRenewals: true },
        { "idempotency-key": `checkout-${buyer.email}-${Date.now()}` },
      );
      expect(answer.status).toBe(201);
      return answer.body;
    });
    expect(paid.orders).toHaveLength(1);
    const order = paid.orders[0];
    const accepted = await vendorApi(bought, "POST", `/orders/${order.orderId}/accept`, {});
    expect(accepted).toMatchObject({ status: 200, body: { state: "accepted" } });
    return order;
  }

  const purchase = async (buyer: Buyer, orderId: string) => {
    const answer = await storefront(buyer, "GET", `/purchases/${orderId}`);
    expect(answer.status).toBe(200);
    return answer.body;
  };
  /** The order's one subscription, once the vendor's acceptance has started it. */
  const subscriptionOf = (buyer: Buyer, orderId: string) =>
    eventually(async () => {
      const { subscriptions } = await purchase(buyer, orderId);
      expect(subscriptions).toHaveLength(1);
      return subscriptions[0].subscriptionId as string;
    });
  const subscription = async (buyer: Buyer, id: string) => {
    const answer = await storefront(buyer, "GET", `/subscriptions/${id}`);
    expect(answer.status).toBe(200);
    return answer.body;
  };
  /** Waits until the subscription matches `expected`, and answers it. */
  const settled = (buyer: Buyer, id: string, expected: Json) =>
    eventually(async () => {
      const found = await subscription(buyer, id);
      expect(found).toMatchObject(expected);
      return found;
    }, SETTLES);
  const period = (found: Json, number: number) => (found.periods as Json[]).find((p) => p.number === number);
  const cancel = (buyer: Buyer, id: string, step: "" | "/confirm" = "") =>
    storefront(buyer, "POST", `/subscriptions/${id}/cancellation${step}`);

  /** What the vendor selling `planName` received at its public contact (where vendors are emailed) about `subject`. */
  const vendorMails = (planName: string, subject: string) =>
    smtp
      .to(demoVendors.find((v) => v.company.legalName === plan(planName).vendor.legalName)!.company.publicContact.email)
      .filter((m) => m.subject?.includes(subject));
  /** The emails `buyer` received whose subject contains `subject`. */
  const mails = (buyer: Buyer, subject: string) => smtp.to(buyer.email).filter((m) => m.subject?.includes(subject));
  const mailed = (buyer: Buyer, subject: string, count = 1) =>
    eventually(() => {
      // Every subject the buyer got, so that a failure shows what did arrive.
      const subjects = smtp.to(buyer.email).map((m) => m.subject ?? "");
      expect({ subjects, matching: subjects.filter((s) => s.includes(subject)).length }).toEqual({
        subjects,
        matching: count,
      });
      return mails(buyer, subject);
    }, SETTLES);

  // ---- The first month: bought on day 0 (D0), renewed on D1.

  /** The first month's journeys: each its buyer, its order and the subscription the order started. */
  const story = {} as Record<
    | "dispute"
    | "trialConverts"
    | "trialCancelled"
    | "early"
    | "late"
    | "abandoned"
    | "dunning"
    | "withdrawDay7"
    | "withdrawDay8"
    | "withdrawDay14",
    { buyer: Buyer; orderId: string; subscriptionId: string }
  >;
  const journey = async (name: keyof typeof story, buyer: Buyer, planName: string) => {
    const order = await buy(buyer, planName);
    story[name] = { buyer, orderId: order.orderId, subscriptionId: await subscriptionOf(buyer, order.orderId) };
    return { ...story[name], order };
  };

  it("resolves a dispute with a partial refund: the buyer opens it, the vendor answers, an operator decides", async () => {
    const buyer = await signUp("company", "Disputes");
    const { orderId } = await journey("dispute", buyer, "PME");
    await eventually(async () =>
      expect((await purchase(buyer, orderId)).payment).toMatchObject({ status: "captured", capturedAmount: eur(5880) }),
    );

    const attachment = await upload(urls.storefront, `/purchases/${orderId}/dispute-attachments`, {
      token: await tokenOf(urls.storefront, buyer.email, PASSWORD),
      file: { bytes: textPdf("Export manquant"), filename: "export.pdf", contentType: "application/pdf" },
    });
    expect(attachment.status).toBe(201);
    const opened = await storefront(buyer, "POST", `/purchases/${orderId}/disputes`, {
      reason: "not-as-described",
      message: "The accounting export the offer describes is missing.",
      attachmentIds: [attachment.body.attachmentId],
    });
    expect(opened).toMatchObject({
      status: 201,
      body: { orderId, state: "open", reason: "not-as-described", orderTotal: eur(5880), resolution: null },
    });
    const disputeId: string = opened.body.disputeId;

    // The vendor finds it among its open disputes and answers.
    const factura = plan("PME");
    const open = await eventually(async () => {
      const list = await vendorApi(factura, "GET", "/disputes?state=open");
      expect(list.status).toBe(200);
      expect(list.body.items.map((d: Json) => d.disputeId)).toContain(disputeId);
      return list.body;
    });
    expect(open.items.find((d: Json) => d.disputeId === disputeId)).toMatchObject({ buyer: { name: buyer.name } });
    const answered = await vendorApi(factura, "POST", `/disputes/${disputeId}/responses`, {
      message: "The export ships next month; we offer a discount meanwhile.",
    });
    expect(answered).toMatchObject({ status: 201, body: { state: "answered" } });

    // An operator, seeing it answered, refunds part of it.
    const toDecide = await backoffice("GET", "/disputes?state=answered");
    expect(toDecide.body.items.map((d: Json) => d.disputeId)).toContain(disputeId);
    const resolved = await backoffice("POST", `/disputes/${disputeId}/resolve`, {
      decision: "partial-refund",
      amount: eur(2000),
    });
    expect(resolved).toMatchObject({
      status: 200,
      body: {
        state: "resolved",
        resolution: {
          kind: "partially-refunded",
          refund: { amount: eur(2000) },
          reason: null,
          by: { kind: "operator" },
        },
      },
    });

    // The buyer sees the whole history and the refund on its purchase; the service goes on.
    const seen = await storefront(buyer, "GET", `/disputes/${disputeId}`);
    expect(seen.body.history.map((entry: Json) => [entry.kind, entry.actor.kind, entry.attachments.length])).toEqual([
      ["opened", "buyer", 1],
      ["response", "vendor", 0],
      ["resolved", "operator", 0],
    ]);
    await eventually(async () =>
      expect((await purchase(buyer, orderId)).payment).toMatchObject({
        status: "captured",
        capturedAmount: eur(5880),
        refundedAmount: eur(2000),
      }),
    );
    expect(await subscription(buyer, story.dispute.subscriptionId)).toMatchObject({ state: "active" });
    const reference = opened.body.purchaseOrderNumber;
    await mailed(buyer, `Dispute opened on order ${reference}`);
    await mailed(buyer, `The vendor answered: dispute on ${reference}`);
    const [decision] = await mailed(buyer, `Dispute resolved: order ${reference}`);
    expect(decision!.text).toContain("€20.00");
    // The vendor is told when the case opens and how it was resolved (in French: vendors choose no language yet).
    await eventually(() => {
      expect(vendorMails("PME", `Litige ouvert sur la commande ${reference}`)).toHaveLength(1);
      expect(vendorMails("PME", `Litige résolu : commande ${reference}`)).toHaveLength(1);
    }, SETTLES);
  });

  it("charges nothing at checkout for a free trial: the subscription is trialing, its first charge due at the trial's end", async () => {
    const converts = await signUp("individual", "Trial converts");
    const cancelled = await signUp("individual", "Trial cancelled");
    for (const [name, buyer, planName, days, total] of [
      ["trialConverts", converts, "Développement", 7, 5880],
      ["trialCancelled", cancelled, "Équipe", 14, 3480],
    ] as const) {
      const { order, orderId, subscriptionId } = await journey(name, buyer, planName);
      expect(order.total).toEqual(eur(0));
      const details = await purchase(buyer, orderId);
      expect(details.totals.total).toEqual(eur(0));
      expect(details.payment).toMatchObject({ amount: eur(0), capturedAmount: eur(0) });
      expect(await subscription(buyer, subscriptionId)).toMatchObject({
        state: "trialing",
        trialEndsOn: plusDays(D0, days - 1),
        anchor: plusDays(D0, days),
        nextDue: { period: 0, on: plusDays(D0, days), at: paris(plusDays(D0, days)).toISOString(), amount: eur(total) },
        periods: [{ number: 0, state: "scheduled", paidAt: null }],
      });
      await mailed(buyer, `Your trial of ${plan(planName).productName} — ${planName} ends on`);
    }
  });

  it("starts the purchases the later journeys follow: each a subscription renewing on day 0 of next month", async () => {
    const bought: [keyof typeof story, Buyer, string, number][] = [
      ["early", await signUp("individual", "Cancels early"), "Essentiel", 2280],
      ["late", await signUp("individual", "Cancels late"), "Essentiel", 2280],
      ["abandoned", await signUp("individual", "Abandons"), "Essentiel", 2280],
      ["dunning", await signUp("company", "Dunning"), "Standard", 4680],
      ["withdrawDay7", await signUp("company", "Withdraws day 7"), "Par salarié", 1080],
      ["withdrawDay8", await signUp("company", "Withdraws day 8"), "Par salarié", 1080],
      ["withdrawDay14", await signUp("individual", "Withdraws day 14"), "Par salarié", 1080],
    ];
    for (const [name, buyer, planName, total] of bought) {
      const { subscriptionId } = await journey(name, buyer, planName);
      expect(await subscription(buyer, subscriptionId)).toMatchObject({
        state: "active",
        anchor: D0,
        trialEndsOn: null,
        cancellation: null,
        nextDue: { period: 1, on: D1, at: paris(D1).toISOString(), amount: eur(total) },
        periods: [{ number: 0, state: "paid", paidBy: "order", amount: eur(total) }],
      });
    }
    // The dunning journey's buyer replaces its card with one that is kept but declines every charge.
    const dunning = story.dunning.buyer;
    const replaced = await storefront(
      dunning,
      "PUT",
      "/account/payment-method",
      { paymentMethod: "pm_card_chargeCustomerFail" },
      { "idempotency-key": `card-${dunning.email}-1` },
    );
    expect(replaced.status).toBe(200);
    expect((await storefront(dunning, "GET", "/account/payment-method")).body).toMatchObject({
      last4: replaced.body.last4,
    });
  });

  it("charges the 7-day trial's first period at its end, invoiced, and renews it monthly from then", async () => {
    const { buyer, subscriptionId } = story.trialConverts;
    const trialEnd = plusDays(D0, 7);
    await at(paris(trialEnd));
    const converted = await settled(buyer, subscriptionId, { state: "active" });
    expect(converted).toMatchObject({
      trialEndsOn: plusDays(D0, 6),
      nextDue: { period: 1, on: plusMonths(trialEnd, 1), amount: eur(5880) },
    });
    expect(period(converted, 0)).toMatchObject({
      state: "paid",
      paidBy: "renewal",
      amount: eur(5880),
      startsOn: trialEnd,
      endsBefore: plusMonths(trialEnd, 1),
      failures: 0,
    });
    const number = period(converted, 0).invoiceNumber;
    expect(number).toEqual(expect.any(String));
    const invoice = await download(
      urls.storefront,
      `/subscriptions/${subscriptionId}/invoices/${encodeURIComponent(number)}`,
      await tokenOf(urls.storefront, buyer.email, PASSWORD),
    );
    expect(invoice.status).toBe(200);
    expect(invoice.headers.get("content-type")).toBe("application/pdf");
    const text = pdfText(invoice.bytes);
    expect(text).toContain(number);
    expect(text).toContain("Orbital Ops SAS");
    await mailed(buyer, `Your subscription Orbital Kubernetes — Développement is paid: invoice ${number}`);

    // One free trial per buyer and solution: the same plan again is refused at checkout, its line named.
    const again = await storefront(buyer, "POST", "/cart/items", { planId: plan("Développement").planId, quantity: 1 });
    expect(again.status).toBe(201);
    const refused = await eventually(async () => {
      const answer = await storefront(
        buyer,
        "POST",
        "/checkout",
        { paymentMethod: "pm_card_visa", saveForRenewals: true },
        { "idempotency-key": `second-trial-${buyer.email}-${Date.now()}` },
      );
      expect(answer.status).toBe(409);
      return answer.body;
    });
    expect(refused).toMatchObject({
      type: "/problems/cart-lines-unavailable",
      errors: [{ message: expect.stringContaining("already had the free trial") }],
    });
  });

  it("lets a company withdraw on day 7 until midnight: refunded in full, its subscription ended at once", async () => {
    const { buyer, orderId, subscriptionId } = story.withdrawDay7;
    await at(paris(plusDays(D0, 7), "23:00"));
    const withdrawn = await storefront(buyer, "POST", `/purchases/${orderId}/withdraw`);
    expect(withdrawn).toMatchObject({ status: 200, body: { orderId, state: "withdrawn" } });
    await eventually(async () => {
      const details = await purchase(buyer, orderId);
      expect(details.payment).toMatchObject({ status: "refunded", refundedAmount: eur(1080) });
      expect(details.subscriptions).toMatchObject([{ subscriptionId, state: "ended", nextDue: null }]);
    }, SETTLES);
    const [confirmation] = await mailed(buyer, "Your withdrawal from order");
    expect(confirmation!.text).toContain("Full refund: €10.80 is refunded to your card.");
    await eventually(
      () => expect(vendorMails("Par salarié", `${buyer.name} s'est rétracté de la commande`)).toHaveLength(1),
      SETTLES,
    );
  });

  it("stops a trial's renewal in time: the cancellation says the trial's last day and what is no longer charged", async () => {
    const { buyer, subscriptionId } = story.trialCancelled;
    const asked = await cancel(buyer, subscriptionId);
    expect(asked).toMatchObject({
      status: 201,
      body: {
        status: "requested",
        lastDayOfService: plusDays(D0, 13),
        effectiveOn: plusDays(D0, 14),
        amountNoLongerCharged: eur(3480),
      },
    });
    expect(await cancel(buyer, subscriptionId, "/confirm")).toMatchObject({
      status: 200,
      body: { status: "confirmed", expiresAt: null },
    });
    await mailed(buyer, "Cancellation confirmed: Coffre-Fort Numérique — Équipe");
  });

  it("refuses a company's withdrawal on day 8 with the day the period ended", async () => {
    const { buyer, orderId, subscriptionId } = story.withdrawDay8;
    await at(paris(plusDays(D0, 8), "09:00"));
    const refused = await storefront(buyer, "POST", `/purchases/${orderId}/withdraw`);
    expect(refused).toMatchObject({
      status: 409,
      body: { type: "/problems/withdrawal-period-ended", lastDay: plusDays(D0, 7) },
    });
    expect(refused.body.detail).toContain(plusDays(D0, 7));
    const details = await purchase(buyer, orderId);
    expect(details).toMatchObject({ state: "accepted", payment: { status: "captured", refundedAmount: eur(0) } });
    expect(details.subscriptions).toMatchObject([{ subscriptionId, state: "active" }]);
  });

  it("lets an individual withdraw on day 14, the refund shown in its purchase; the cancelled trial ended without a charge", async () => {
    const { buyer, orderId } = story.withdrawDay14;
    await at(paris(plusDays(D0, 14), "23:00"));
    expect(await storefront(buyer, "POST", `/purchases/${orderId}/withdraw`)).toMatchObject({
      status: 200,
      body: { state: "withdrawn" },
    });
    await eventually(async () => {
      const details = await purchase(buyer, orderId);
      expect(details.payment).toMatchObject({
        status: "refunded",
        capturedAmount: eur(1080),
        refundedAmount: eur(1080),
      });
      expect(details.subscriptions).toMatchObject([{ state: "ended" }]);
    }, SETTLES);

    const trial = story.trialCancelled;
    // No charge at all: no period paid nor left to pay, nothing captured on the purchase.
    await settled(trial.buyer, trial.subscriptionId, { state: "ended", nextDue: null, periods: [] });
    expect((await purchase(trial.buyer, trial.orderId)).payment).toMatchObject({
      capturedAmount: eur(0),
      refundedAmount: eur(0),
    });
    await mailed(trial.buyer, "Your subscription Coffre-Fort Numérique — Équipe has ended");
  });

  it("25 hours before the renewal, stops it (asked then confirmed); a request left unconfirmed changes nothing", async () => {
    await at(new Date(paris(D1).getTime() - 25 * HOUR));
    const { early, abandoned } = story;
    const asked = await cancel(early.buyer, early.subscriptionId);
    expect(asked.status).toBe(201);
    expect(asked.body).toMatchObject({
      subscriptionId: early.subscriptionId,
      status: "requested",
      lastDayOfService: plusDays(D1, -1),
      effectiveOn: D1,
      deferredByCommitment: false,
      amountNoLongerCharged: eur(2280),
    });
    // Asked is not done: the subscription still renews until it is confirmed.
    expect((await subscription(early.buyer, early.subscriptionId)).cancellation).toMatchObject({ status: "requested" });
    expect(await cancel(early.buyer, early.subscriptionId, "/confirm")).toMatchObject({
      status: 200,
      body: { status: "confirmed", effectiveOn: D1, expiresAt: null },
    });
    await mailed(early.buyer, "Cancellation confirmed: Postgres Managé — Essentiel");

    const left = await cancel(abandoned.buyer, abandoned.subscriptionId);
    expect(left).toMatchObject({ status: 201, body: { status: "requested" } });
    // It lapses an hour after it was asked (the clock has flowed a little since it was moved).
    const lapsesIn = Date.parse(left.body.expiresAt) - (paris(D1).getTime() - 25 * HOUR);
    expect(lapsesIn).toBeGreaterThanOrEqual(HOUR);
    expect(lapsesIn).toBeLessThan(HOUR + 10 * MINUTE);
  });

  it("23 hours before, refuses to stop the renewal with the date a cancellation would take effect; the unconfirmed request has lapsed", async () => {
    await at(new Date(paris(D1).getTime() - 23 * HOUR));
    const { early, late, abandoned } = story;
    // The one stopped in time still has its service until the period's end.
    expect(await subscription(early.buyer, early.subscriptionId)).toMatchObject({
      state: "active",
      cancellation: { status: "confirmed", lastDayOfService: plusDays(D1, -1), effectiveOn: D1 },
    });
    const refused = await cancel(late.buyer, late.subscriptionId);
    expect(refused).toMatchObject({ status: 409, body: { type: "/problems/too-late-to-cancel", possibleFrom: D2 } });
    expect(refused.body.detail).toContain(D2);

    await settled(abandoned.buyer, abandoned.subscriptionId, { cancellation: null, state: "active" });
    // Lapsed, the request is gone: there is nothing left to confirm.
    expect(await cancel(abandoned.buyer, abandoned.subscriptionId, "/confirm")).toMatchObject({
      status: 409,
      body: { type: "/problems/no-cancellation" },
    });
  });

  it("on the renewal date, charges the refused and the abandoned cancellations' periods, and ends the one stopped in time without a charge", async () => {
    await at(paris(D1));
    const { early, late, abandoned } = story;
    for (const { buyer, subscriptionId } of [late, abandoned]) {
      const renewed = await settled(buyer, subscriptionId, {
        state: "active",
        nextDue: { period: 2, on: D2, amount: eur(2280) },
      });
      expect(period(renewed, 1)).toMatchObject({
        state: "paid",
        paidBy: "renewal",
        amount: eur(2280),
        startsOn: D1,
        endsBefore: D2,
        dueAt: paris(D1).toISOString(),
      });
      await mailed(
        buyer,
        `Your subscription Postgres Managé — Essentiel is renewed: invoice ${period(renewed, 1).invoiceNumber}`,
      );
    }
    const ended = await settled(early.buyer, early.subscriptionId, { state: "ended", nextDue: null });
    expect(ended.periods).toMatchObject([{ number: 0, state: "paid", paidBy: "order" }]);
    await mailed(early.buyer, "Your subscription Postgres Managé — Essentiel has ended");
    expect(mails(early.buyer, "is renewed")).toEqual([]);
  });

  it("retries a declined renewal 1, 3, 5 and 7 days later with an email each time, suspends it, and a new card reactivates it", async () => {
    const { buyer, subscriptionId } = story.dunning;
    const due = paris(D1).getTime();
    const failed = await settled(buyer, subscriptionId, { state: "past_due" });
    expect(period(failed, 1)).toMatchObject({
      state: "failed",
      failures: 1,
      lastFailure: { reason: "card-declined" },
    });
    const subject = "The payment for your subscription Orbital Observe — Standard failed";
    const [first] = await mailed(buyer, subject, 1);
    expect(first!.text).toContain("We will try again on");
    expect(first!.text).toContain("€46.80");

    let next = failed.nextDue;
    for (const [index, days] of [1, 3, 5, 7].entries()) {
      // What the buyer is told: the same period, due again so many days after its date.
      expect(next).toMatchObject({ period: 1, on: D1, amount: eur(4680) });
      expect(Math.round((Date.parse(next.at) - due) / DAY)).toBe(days);
      await at(new Date(next.at));
      const after = await eventually(async () => {
        const found = await subscription(buyer, subscriptionId);
        expect(period(found, 1)).toMatchObject({ failures: index + 2 });
        return found;
      }, SETTLES);
      next = after.nextDue;
      await mailed(buyer, subject, index + 2);
    }
    const suspended = await settled(buyer, subscriptionId, { state: "suspended", nextDue: null });
    expect(period(suspended, 1)).toMatchObject({ state: "failed", failures: 5 });
    const [last] = mails(buyer, subject).filter((m) => m.text?.includes("This was the last attempt"));
    expect(last).toBeDefined();
    const [notice] = await mailed(buyer, "Your subscription Orbital Observe — Standard is suspended");
    expect(notice!.text).toContain("€46.80");
    // Its vendor (who may cut the service) and the operators see it suspended too.
    const orbital = plan("Standard");
    const listed = await vendorApi(orbital, "GET", "/subscriptions?state=suspended");
    expect(listed.body.items.map((item: Json) => item.subscriptionId)).toContain(subscriptionId);
    expect((await backoffice("GET", `/subscriptions/${subscriptionId}`)).body).toMatchObject({
      state: "suspended",
      vendor: { legalName: "Orbital Ops SAS" },
      buyer: { name: buyer.name },
    });

    // The next morning the buyer saves a card that works and pays the open period.
    await at(paris(plusDays(D1, 8), "10:00"));
    const replaced = await storefront(
      buyer,
      "PUT",
      "/account/payment-method",
      { paymentMethod: "pm_card_visa" },
      { "idempotency-key": `card-${buyer.email}-2` },
    );
    expect(replaced).toMatchObject({ status: 200, body: { last4: "4242" } });
    expect(await storefront(buyer, "POST", `/subscriptions/${subscriptionId}/payment`)).toMatchObject({
      status: 202,
    });
    const reactivated = await settled(buyer, subscriptionId, {
      state: "active",
      anchor: D0,
      nextDue: { period: 2, on: D2, amount: eur(4680) },
    });
    expect(period(reactivated, 1)).toMatchObject({ state: "paid", paidBy: "renewal", failures: 5 });
    expect(period(reactivated, 1).invoiceNumber).toEqual(expect.any(String));
    await mailed(buyer, "Your subscription Orbital Observe — Standard is reactivated");
    expect(await storefront(buyer, "POST", `/subscriptions/${subscriptionId}/payment`)).toMatchObject({
      status: 409,
      body: { type: "/problems/subscription-state-conflict" },
    });
  });

  it("stops renewing what the first month left active, before the clock jumps to the leap year", async () => {
    for (const name of ["dispute", "trialConverts", "late", "abandoned", "dunning", "withdrawDay8"] as const) {
      const { buyer, subscriptionId } = story[name];
      expect((await cancel(buyer, subscriptionId)).status).toBe(201);
      expect((await cancel(buyer, subscriptionId, "/confirm")).status).toBe(200);
    }
  });

  // ---- The leap year.

  let monthly: { buyer: Buyer; subscriptionId: string };
  let yearly: { buyer: Buyer; subscriptionId: string };

  it(`renews a monthly subscription bought on 31 January ${LEAP} on 29 February`, async () => {
    await at(paris(`${LEAP}-01-31`, "10:00"));
    const buyer = await signUp("individual", "Monthly");
    const order = await buy(buyer, "Essentiel");
    monthly = { buyer, subscriptionId: await subscriptionOf(buyer, order.orderId) };
    const feb29 = `${LEAP}-02-29`;
    expect(await subscription(buyer, monthly.subscriptionId)).toMatchObject({
      state: "active",
      billingCycle: "monthly",
      anchor: `${LEAP}-01-31`,
      timeZone: ZONE,
      nextDue: { period: 1, on: feb29, at: paris(feb29).toISOString(), amount: eur(2280) },
    });

    await at(new Date(paris(feb29).getTime() - MINUTE));
    expect((await subscription(buyer, monthly.subscriptionId)).periods).toHaveLength(1);
    await at(paris(feb29));
    const renewed = await settled(buyer, monthly.subscriptionId, {
      nextDue: { period: 2, on: `${LEAP}-03-31`, at: paris(`${LEAP}-03-31`).toISOString() },
    });
    expect(period(renewed, 1)).toMatchObject({
      state: "paid",
      startsOn: feb29,
      endsBefore: `${LEAP}-03-31`,
      amount: eur(2280),
    });
  });

  it(`starts a yearly subscription bought on 29 February ${LEAP}, due on 28 February ${NEXT}`, async () => {
    await at(paris(`${LEAP}-02-29`, "10:00"));
    const buyer = await signUp("company", "Yearly");
    const order = await buy(buyer, "PME annuel");
    yearly = { buyer, subscriptionId: await subscriptionOf(buyer, order.orderId) };
    expect(await subscription(buyer, yearly.subscriptionId)).toMatchObject({
      state: "active",
      billingCycle: "yearly",
      anchor: `${LEAP}-02-29`,
      nextDue: { period: 1, on: `${NEXT}-02-28`, at: paris(`${NEXT}-02-28`).toISOString(), amount: eur(58800) },
      periods: [{ number: 0, startsOn: `${LEAP}-02-29`, endsBefore: `${NEXT}-02-28`, state: "paid" }],
    });
  });

  it(`renews the monthly one on 31 March and 30 April ${LEAP}, each period invoiced once and emailed`, async () => {
    const { buyer, subscriptionId } = monthly;
    for (const [on, number, endsBefore] of [
      [`${LEAP}-03-31`, 2, `${LEAP}-04-30`],
      [`${LEAP}-04-30`, 3, `${LEAP}-05-31`],
    ] as const) {
      await at(new Date(paris(on).getTime() - MINUTE));
      expect((await subscription(buyer, subscriptionId)).periods).toHaveLength(number);
      await at(paris(on));
      const renewed = await eventually(async () => {
        const found = await subscription(buyer, subscriptionId);
        expect(period(found, number)).toMatchObject({ state: "paid" });
        return found;
      }, SETTLES);
      expect(period(renewed, number)).toMatchObject({
        startsOn: on,
        endsBefore,
        dueAt: paris(on).toISOString(),
        paidBy: "renewal",
        amount: eur(2280),
      });
      expect(renewed.nextDue).toMatchObject({ period: number + 1, on: endsBefore });
    }
    const final = await subscription(buyer, subscriptionId);
    expect(final.periods.map((p: Json) => [p.number, p.startsOn, p.state])).toEqual([
      [3, `${LEAP}-04-30`, "paid"],
      [2, `${LEAP}-03-31`, "paid"],
      [1, `${LEAP}-02-29`, "paid"],
      [0, `${LEAP}-01-31`, "paid"],
    ]);
    const renewals = (final.periods as Json[]).filter((p) => p.number > 0);
    expect(new Set(renewals.map((p) => p.invoiceNumber)).size).toBe(3);
    for (const { invoiceNumber: number, startsOn, endsBefore } of renewals) {
      await mailed(buyer, `Your subscription Postgres Managé — Essentiel is renewed: invoice ${number}`);
      const invoice = await download(
        urls.storefront,
        `/subscriptions/${subscriptionId}/invoices/${encodeURIComponent(number)}`,
        await tokenOf(urls.storefront, buyer.email, PASSWORD),
      );
      expect(invoice.status).toBe(200);
      // The vendor's invoice states the period it bills (its last day included) and what was charged.
      const text = pdfText(invoice.bytes);
      expect(text).toContain(`Invoice number: ${number}`);
      expect(text).toContain(`Service period from ${startsOn} to ${plusDays(endsBefore, -1)}`);
      expect(text).toContain("Total (incl. VAT): 22.80 EUR");
    }
    expect(mails(buyer, "is renewed")).toHaveLength(3);
    // Its journey told, it stops renewing before the clock jumps to the next February.
    expect((await cancel(buyer, subscriptionId)).status).toBe(201);
    expect((await cancel(buyer, subscriptionId, "/confirm")).status).toBe(200);
  });

  it(`reminds the yearly subscriber 30 days before, and renews it on 28 February ${NEXT}`, async () => {
    const { buyer, subscriptionId } = yearly;
    const renewsOn = `${NEXT}-02-28`;
    await at(paris(`${NEXT}-01-29`));
    const [reminder] = await mailed(buyer, "Your subscription Factura Compta — PME annuel renews on");
    expect(reminder!.text).toContain("€588.00");

    await at(paris(renewsOn));
    const renewed = await eventually(async () => {
      const found = await subscription(buyer, subscriptionId);
      expect(period(found, 1)).toMatchObject({ state: "paid" });
      return found;
    }, SETTLES);
    expect(period(renewed, 1)).toMatchObject({
      startsOn: renewsOn,
      endsBefore: `${NEXT + 1}-02-28`,
      amount: eur(58800),
      paidBy: "renewal",
    });
    expect(renewed).toMatchObject({
      state: "active",
      anchor: `${LEAP}-02-29`,
      nextDue: { period: 2, on: `${NEXT + 1}-02-28` },
    });
    await mailed(
      buyer,
      `Your subscription Factura Compta — PME annuel is renewed: invoice ${period(renewed, 1).invoiceNumber}`,
    );
  });
});
