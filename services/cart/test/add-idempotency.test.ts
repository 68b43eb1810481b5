import { randomUUID } from "node:crypto";
import type { ControllableClock } from "@mkt/service-kit";
import { deleteBusNamespace } from "@mkt/testing";
import { ADD_KEY_RETENTION_MS } from "../src/app/manage-items.js";
import { Listing, startCart, type CartUnderTest } from "./support/cart.js";

// AddCartItem with an Idempotency-Key (the storefront passes the buyer's on, or one of its own per
// public request): a retry of the same add adds nothing, the key with another body is refused, and
// a key is remembered ADD_KEY_RETENTION_MS (24 h) of business time, then pruned.

let cart: CartUnderTest;
let api: Awaited<ReturnType<typeof startCart>>["api"];
let clock: ControllableClock;
let namespace: string;
let listing: Listing;

beforeAll(async () => {
  ({ cart, api, clock, namespace } = await startCart());
  listing = new Listing(cart);
  await listing.publish();
});
afterAll(async () => {
  await cart?.stop();
  if (namespace) await deleteBusNamespace(namespace);
});

const key = () => ({ "idempotency-key": `add-${randomUUID()}` });
const additions = async (buyerId: string) =>
  cart.database.query<{ idempotency_key: string }>(`SELECT idempotency_key FROM cart_addition WHERE buyer_id = $1`, [
    buyerId,
  ]);

describe("adding to a cart with an Idempotency-Key", () => {
  it("replays the same line for the same key and body, even when the retries race: one line, the quantity added once", async () => {
    const buyerId = randomUUID();
    const sameKey = key();
    const body = { planId: listing.plan.planId, quantity: 2 };
    const first = await api.post(`/carts/${buyerId}/items`, body, sameKey);
    expect(first.status).toBe(201);
    const [line] = first.body.lines;

    const retries = await Promise.all(
      Array.from({ length: 4 }, () => api.post(`/carts/${buyerId}/items`, body, sameKey)),
    );
    for (const retry of retries) {
      expect(retry.status).toBe(201);
      expect(retry.body.lines).toEqual([expect.objectContaining({ id: line.id, quantity: 2 })]);
    }
    expect(await additions(buyerId)).toHaveLength(1);

    // Without a key, the same body is a new add: it adds to the line's quantity.
    const unkeyed = await api.post(`/carts/${buyerId}/items`, body);
    expect(unkeyed.body.lines).toEqual([expect.objectContaining({ id: line.id, quantity: 4 })]);
  });

  it("makes one line of two first adds racing with one key, and answers both the same cart", async () => {
    const buyerId = randomUUID();
    const sameKey = key();
    const body = { planId: listing.plan.planId, quantity: 3 };
    // Neither has committed when the other starts: the cart row's lock (created by the first)
    // makes the second wait, then find the first's key.
    const [one, other] = await Promise.all([
      api.post(`/carts/${buyerId}/items`, body, sameKey),
      api.post(`/carts/${buyerId}/items`, body, sameKey),
    ]);
    expect([one.status, other.status]).toEqual([201, 201]);
    expect(other.body).toEqual(one.body);
    expect(one.body.lines).toEqual([expect.objectContaining({ quantity: 3 })]);
    expect(await additions(buyerId)).toHaveLength(1);
  });

  it("keeps the key only with its add: a refused add stores no key, which then serves another add", async () => {
    const buyerId = randomUUID();
    const sameKey = key();
    const refused = await api.post(`/carts/${buyerId}/items`, { planId: randomUUID(), quantity: 1 }, sameKey);
    expect(refused.status).toBe(404);
    expect(await additions(buyerId)).toHaveLength(0);

    const added = await api.post(`/carts/${buyerId}/items`, { planId: listing.plan.planId, quantity: 1 }, sameKey);
    expect(added.status).toBe(201);
    expect(added.body.lines).toEqual([expect.objectContaining({ quantity: 1 })]);
    expect(await additions(buyerId)).toHaveLength(1);
  });

  it("keeps two buyers' equal keys apart", async () => {
    const [ada, bea] = [randomUUID(), randomUUID()];
    const sameKey = key();
    const first = await api.post(`/carts/${ada}/items`, { planId: listing.plan.planId, quantity: 1 }, sameKey);
    const second = await api.post(`/carts/${bea}/items`, { planId: listing.plan.planId, quantity: 2 }, sameKey);
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.body.lines).toEqual([expect.objectContaining({ quantity: 2 })]);
    expect(second.body.lines[0].id).not.toBe(first.body.lines[0].id);
  });

  it("refuses the key with another body: 409 idempotency-key-reused as problem+json, the cart unchanged", async () => {
    const buyerId = randomUUID();
    const sameKey = key();
    await api.post(`/carts/${buyerId}/items`, { planId: listing.plan.planId, quantity: 1 }, sameKey);

    const other = await api.post(`/carts/${buyerId}/items`, { planId: listing.plan.planId, quantity: 3 }, sameKey);
    expect(other.status).toBe(409);
    expect(other.contentType).toMatch(/^application\/problem\+json/);
    expect(other.body).toMatchObject({ type: "/problems/idempotency-key-reused", status: 409 });
    expect((await api.get(`/carts/${buyerId}`)).body.lines).toEqual([expect.objectContaining({ quantity: 1 })]);
  });

  it("refuses a malformed key with 400 before any change", async () => {
    const buyerId = randomUUID();
    const bad = await api.post(
      `/carts/${buyerId}/items`,
      { planId: listing.plan.planId, quantity: 1 },
      { "idempotency-key": "" },
    );
    expect(bad.status).toBe(400);
    expect(bad.contentType).toMatch(/^application\/problem\+json/);
    expect(await additions(buyerId)).toHaveLength(0);
  });

  it("forgets a key after 24 hours of business time: the same key is then a new add, and older keys are pruned", async () => {
    const buyerId = randomUUID();
    const oldKey = key();
    const body = { planId: listing.plan.planId, quantity: 1 };
    await api.post(`/carts/${buyerId}/items`, body, oldKey);

    clock.advanceBy(ADD_KEY_RETENTION_MS - 1_000);
    const withinDay = await api.post(`/carts/${buyerId}/items`, body, oldKey);
    expect(withinDay.body.lines).toEqual([expect.objectContaining({ quantity: 1 })]);

    clock.advanceBy(2_000);
    const nextDay = await api.post(`/carts/${buyerId}/items`, body, oldKey);
    expect(nextDay.status).toBe(201);
    expect(nextDay.body.lines).toEqual([expect.objectContaining({ quantity: 2 })]);
    // The expired row was pruned in that add's transaction; the key now stands for the new add.
    expect(await additions(buyerId)).toEqual([{ idempotency_key: oldKey["idempotency-key"] }]);

    const another = key();
    await api.post(`/carts/${buyerId}/items`, body, another);
    clock.advanceBy(ADD_KEY_RETENTION_MS + 1_000);
    await api.post(`/carts/${buyerId}/items`, body, key());
    expect((await additions(buyerId)).map((row) => row.idempotency_key)).not.toContain(another["idempotency-key"]);
    expect(await additions(buyerId)).toHaveLength(1);
  });
});
