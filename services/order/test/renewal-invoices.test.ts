import { randomUUID } from "node:crypto";
import { deleteBusNamespace } from "@mkt/testing";
import { pdfText } from "./support/pdf-text.js";
import { startOrder, vendorSnapshot, type OrderUnderTest } from "./support/order.js";
import {
  deliveredOrder,
  downloadRenewalInvoice,
  issueRenewalInvoice,
  lastInvoiceNumber,
  renewalOf,
} from "./support/renewal.js";

let order: OrderUnderTest;
let namespace: string;

beforeAll(async () => {
  let clock;
  ({ order, namespace, clock } = await startOrder());
  clock.advanceBy(Date.parse("2026-04-15T06:00:00.000Z") - clock.now().getTime()); // a renewal's day
});
afterAll(async () => {
  await order.stop();
  await deleteBusNamespace(namespace);
});

const rowsOfKey = (key: string) =>
  order.database.query(`SELECT number FROM renewal_invoice WHERE idempotency_key = $1`, [key]);

describe("a paid renewal period", () => {
  it("gets the vendor's invoice, numbered right after the vendor's last order invoice, with the order's parties", async () => {
    const delivered = await deliveredOrder(order, vendorSnapshot(randomUUID(), "Nuage Souverain SAS"));
    expect(delivered.invoiceNumber).toBe("NUAG-2026-000001");
    const renewal = renewalOf(delivered);

    const { status, body } = await issueRenewalInvoice(order, delivered.orderId, renewal);
    expect(status).toBe(201);
    expect(body).toEqual({
      invoiceId: expect.any(String),
      orderId: delivered.orderId,
      subscriptionId: renewal.subscriptionId,
      lineId: delivered.line.lineId,
      periodNumber: 1,
      periodStartsOn: "2026-04-15",
      periodEndsBefore: "2026-05-15",
      number: "NUAG-2026-000002",
      totals: renewal.totals,
      paymentId: renewal.paymentId,
      paidAt: "2026-04-15T05:00:00.000Z",
      issuedAt: "2026-04-15T06:00:00.000Z",
    });
    expect(await lastInvoiceNumber(order, delivered.vendorId)).toBe(2);
    // Issued without its PDF: drawn on the first download (below), from the facts frozen at issue.
    const stored = () =>
      order.database.query<{ content: Buffer | null }>(`SELECT content FROM renewal_invoice WHERE number = $1`, [
        "NUAG-2026-000002",
      ]);
    expect(await stored()).toEqual([{ content: null }]);

    const pdf = await downloadRenewalInvoice(
      order,
      delivered.orderId,
      "NUAG-2026-000002",
      `buyerId=${delivered.buyerId}`,
    );
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get("content-type")).toContain("application/pdf");
    expect(Buffer.from(pdf.bytes.subarray(0, 4)).toString()).toBe("%PDF");
    // Kept: the next download answers the same bytes.
    const [kept] = await stored();
    expect(Buffer.compare(kept!.content!, Buffer.from(pdf.bytes))).toBe(0);
    const again = await downloadRenewalInvoice(
      order,
      delivered.orderId,
      "NUAG-2026-000002",
      `buyerId=${delivered.buyerId}`,
    );
    expect(Buffer.compare(Buffer.from(again.bytes), Buffer.from(pdf.bytes))).toBe(0);
    const text = pdfText(pdf.bytes).replace(/\s+/g, " "); // long mentions wrap
    for (const expected of [
      "Facture NUAG-2026-000002",
      "Renouvellement d'abonnement, émise par Nuage Souverain SAS",
      "Date d'échéance : 15/04/2026",
      `Abonnement : ${renewal.subscriptionId}`,
      `Commande : ${delivered.orderId}`,
      "SIREN : 901234567",
      "ACME Industries SAS",
      "FR40552100554",
      "Factur'Nuage - offre Pro",
      "facturation mensuelle",
      "Période de service du 15/04/2026 au 14/05/2026",
      "Quantité 2 x 49,00 € = 98,00 € HT",
      "TVA 20 % sur 98,00 € : 19,60 €",
      "Total TTC : 117,60 €",
      `Réglée par carte via la marketplace le 15/04/2026 (paiement de renouvellement automatique ${renewal.paymentId})`,
      "article L441-10 du Code de commerce",
    ]) {
      expect(text).toContain(expected);
    }
    const vendorCopy = await downloadRenewalInvoice(
      order,
      delivered.orderId,
      "NUAG-2026-000002",
      `vendorId=${delivered.vendorId}`,
    );
    expect(vendorCopy.status).toBe(200);
    expect(Buffer.from(vendorCopy.bytes).equals(Buffer.from(pdf.bytes))).toBe(true);
  });

  it("answers the same invoice to the same key, with one row and one number taken", async () => {
    const delivered = await deliveredOrder(order);
    const renewal = renewalOf(delivered);
    const key = `renewal:${renewal.subscriptionId}:1`;

    const first = await issueRenewalInvoice(order, delivered.orderId, renewal, key);
    const again = await issueRenewalInvoice(order, delivered.orderId, renewal, key);
    expect([first.status, again.status]).toEqual([201, 201]);
    expect(again.body).toEqual(first.body);
    expect(await rowsOfKey(key)).toHaveLength(1);
    expect(await lastInvoiceNumber(order, delivered.vendorId)).toBe(2);

    // The fields in another order are the same request.
    const { paidAt, period, ...rest } = renewal;
    const reordered = {
      paidAt,
      ...rest,
      period: { endsBefore: period.endsBefore, startsOn: period.startsOn, number: period.number },
    };
    expect((await issueRenewalInvoice(order, delivered.orderId, reordered, key)).body).toEqual(first.body);
  });

  it("refuses the key reused for another body (409 idempotency-key-reused), issuing nothing", async () => {
    const delivered = await deliveredOrder(order);
    const renewal = renewalOf(delivered);
    const key = randomUUID();
    expect((await issueRenewalInvoice(order, delivered.orderId, renewal, key)).status).toBe(201);

    for (const other of [
      { ...renewal, paymentId: randomUUID() },
      { ...renewal, period: { ...renewal.period, number: 2 } },
      { ...renewal, totals: { ...renewal.totals, fee: { amount: 1, currency: "EUR" } } },
    ]) {
      const { status, body } = await issueRenewalInvoice(order, delivered.orderId, other, key);
      expect(status).toBe(409);
      expect(body.type).toMatch(/idempotency-key-reused$/);
    }
    const elsewhere = await deliveredOrder(order);
    const reusedOnAnotherOrder = await issueRenewalInvoice(order, elsewhere.orderId, renewalOf(elsewhere), key);
    expect(reusedOnAnotherOrder.status).toBe(409);
    expect(await lastInvoiceNumber(order, delivered.vendorId)).toBe(2);
    expect(await lastInvoiceNumber(order, elsewhere.vendorId)).toBe(1);
  });

  it("answers the invoice already issued for the period when it comes again under another key", async () => {
    const delivered = await deliveredOrder(order);
    const renewal = renewalOf(delivered);
    const first = await issueRenewalInvoice(order, delivered.orderId, renewal);
    const second = await issueRenewalInvoice(order, delivered.orderId, renewal);
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    expect(
      await order.database.query(`SELECT 1 FROM renewal_invoice WHERE subscription_id = $1`, [renewal.subscriptionId]),
    ).toHaveLength(1);
    expect(await lastInvoiceNumber(order, delivered.vendorId)).toBe(2);
  });

  it("ends with one invoice when the same key arrives several times at once", async () => {
    const delivered = await deliveredOrder(order);
    const renewal = renewalOf(delivered);
    const key = randomUUID();
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => issueRenewalInvoice(order, delivered.orderId, renewal, key)),
    );
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 201));
    expect(new Set(answers.map((a) => a.body.number))).toEqual(new Set([`NUAG-2026-000002`]));
    expect(await rowsOfKey(key)).toHaveLength(1);
    expect(await lastInvoiceNumber(order, delivered.vendorId)).toBe(2);
  });

  it("numbers the renewals of a vendor's orders on one sequence, without gap nor duplicate, when they arrive at once", async () => {
    const vendor = vendorSnapshot(randomUUID(), "Factura SA");
    const orders = [await deliveredOrder(order, vendor), await deliveredOrder(order, vendor)];
    const answers = await Promise.all(
      orders.flatMap((o) =>
        [1, 2, 3].map((number) =>
          issueRenewalInvoice(
            order,
            o.orderId,
            renewalOf(o, { subscriptionId: o.orderId, period: { ...renewalOf(o).period, number } }),
          ),
        ),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 201));
    expect(answers.map((a) => a.body.number as string).sort()).toEqual(
      [3, 4, 5, 6, 7, 8].map((n) => `FACT-2026-00000${n}`),
    );
  });
});

describe("a renewal invoice refused", () => {
  it("answers 404 for an unknown order and 422 unknown-order-line for a line the order does not hold, taking no number", async () => {
    const delivered = await deliveredOrder(order);
    const unknownOrder = await issueRenewalInvoice(order, randomUUID(), renewalOf(delivered));
    expect(unknownOrder.status).toBe(404);

    const unknownLine = await issueRenewalInvoice(
      order,
      delivered.orderId,
      renewalOf(delivered, { lineId: randomUUID() }),
    );
    expect(unknownLine.status).toBe(422);
    expect(unknownLine.body).toMatchObject({ type: expect.stringMatching(/unknown-order-line$/), status: 422 });
    expect(await lastInvoiceNumber(order, delivered.vendorId)).toBe(1);
  });

  it("answers 400 without an Idempotency-Key, or for a period that does not end after it starts", async () => {
    const delivered = await deliveredOrder(order);
    const keyless = await issueRenewalInvoice(order, delivered.orderId, renewalOf(delivered), null);
    expect(keyless.status).toBe(400);
    expect(keyless.body.errors).toEqual([expect.objectContaining({ path: "headers.idempotency-key" })]);

    const backwards = await issueRenewalInvoice(
      order,
      delivered.orderId,
      renewalOf(delivered, { period: { number: 1, startsOn: "2026-05-15", endsBefore: "2026-04-15" } }),
    );
    expect(backwards.status).toBe(400);
    expect(backwards.body.errors).toEqual([expect.objectContaining({ path: "period.endsBefore" })]);

    const noPeriod = await issueRenewalInvoice(order, delivered.orderId, {
      ...renewalOf(delivered),
      period: { number: 0 },
    });
    expect(noPeriod.status).toBe(400);
    expect(await lastInvoiceNumber(order, delivered.vendorId)).toBe(1);
  });
});

describe("downloading a renewal invoice", () => {
  it("answers 404 to another buyer or vendor, as for an invoice that does not exist", async () => {
    const delivered = await deliveredOrder(order);
    const { body } = await issueRenewalInvoice(order, delivered.orderId, renewalOf(delivered));
    const number = body.number as string;
    const stranger = randomUUID();
    for (const scope of [`buyerId=${stranger}`, `vendorId=${stranger}`]) {
      const answer = await downloadRenewalInvoice(order, delivered.orderId, number, scope);
      expect(answer.status).toBe(404);
      expect(answer.body.detail).toMatch(/^Order /);
    }
    const otherNumber = await downloadRenewalInvoice(
      order,
      delivered.orderId,
      number.replace(/\d{6}$/, "999999"),
      `buyerId=${delivered.buyerId}`,
    );
    expect(otherNumber.status).toBe(404);
    const notANumber = await downloadRenewalInvoice(
      order,
      delivered.orderId,
      "invoice.pdf",
      `buyerId=${delivered.buyerId}`,
    );
    expect(notANumber.status).toBe(400);
  });
});
