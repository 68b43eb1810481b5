import { call } from "@mkt/testing";
import { individual, startStorefront, type Storefront } from "./support/storefront.js";

// Behind a reverse proxy on the loopback (TRUST_PROXY=loopback), X-Forwarded-For names the client:
// each test speaks from addresses of its own. The per-address limits are lowered to keep it short.
let storefront: Storefront;
let untrusting: Storefront;
beforeAll(async () => {
  storefront = await startStorefront("storefront-limits", {
    TRUST_PROXY: "loopback",
    AUTH_FAILED_PASSWORDS_PER_ADDRESS_PER_HOUR: "8",
    AUTH_SIGNUPS_PER_ADDRESS_PER_HOUR: "3",
  });
  untrusting = await startStorefront("storefront-no-proxy");
});
afterAll(async () => {
  await storefront?.stop();
  await untrusting?.stop();
});

let lastAddress = 0;
/** A client address nobody else in this file uses. */
const newAddress = () => `203.0.113.${++lastAddress}`;
const from = (address: string) => ({ "x-forwarded-for": address });

async function signUp(on: Storefront, address = newAddress()) {
  const input = individual();
  const signed = await call(on.url, "POST", "/auth/signup", { body: input, headers: from(address) });
  expect(signed.status).toBe(201);
  return input;
}
/** A 429 problem whose Retry-After (header and member) is `seconds`, less the little real time the clock ran. */
function expectSlowedFor(answer: Awaited<ReturnType<typeof call>>, seconds: number) {
  expect(answer).toMatchObject({ status: 429, body: { type: "/problems/too-many-attempts" } });
  expect(answer.headers.get("content-type")).toContain("application/problem+json");
  expect(Number(answer.headers.get("retry-after"))).toBe(answer.body.retryAfterSeconds);
  expect(answer.body.retryAfterSeconds).toBeLessThanOrEqual(seconds);
  expect(answer.body.retryAfterSeconds).toBeGreaterThan(seconds - 10);
}
const login = (on: Storefront, email: string, password: string, address: string) =>
  call(on.url, "POST", "/auth/login", { body: { email, password }, headers: from(address) });

describe("the client address", () => {
  it("ignores X-Forwarded-For unless TRUST_PROXY names the proxy: five failures from the socket's address slow it, whatever the header says", async () => {
    const owner = await signUp(untrusting);
    for (let i = 0; i < 5; i++)
      expect((await login(untrusting, owner.email, `wrong password ${i}`, `198.51.100.${i}`)).status).toBe(401);
    const other = await login(untrusting, owner.email, owner.password, "198.51.100.200");
    expect(other).toMatchObject({ status: 429, body: { type: "/problems/too-many-attempts" } });
  });
});

describe("the slowdown of one account from one address", () => {
  it("answers 429 with a Retry-After that grows after 5 failures, and never locks: the wait runs out", async () => {
    const owner = await signUp(storefront);
    const attacker = newAddress();
    for (let i = 0; i < 5; i++)
      expect((await login(storefront, owner.email, `wrong password ${i}`, attacker)).status).toBe(401);
    const slowed = await login(storefront, owner.email, `wrong password 5`, attacker);
    expectSlowedFor(slowed, 30);

    storefront.clock.advanceBy(30 * 1000);
    expect((await login(storefront, owner.email, "wrong password 6", attacker)).status).toBe(401);
    const slower = await login(storefront, owner.email, "wrong password 7", attacker);
    expectSlowedFor(slower, 60);

    // Even the right password waits from that address, then works once the delay is over.
    expect((await login(storefront, owner.email, owner.password, attacker)).status).toBe(429);
    storefront.clock.advanceBy(60 * 1000);
    expect((await login(storefront, owner.email, owner.password, attacker)).status).toBe(200);
  });

  it("does not keep the owner out: the right password from another address signs in at once", async () => {
    const owner = await signUp(storefront);
    const attacker = newAddress();
    for (let i = 0; i < 5; i++) await login(storefront, owner.email, `wrong password ${i}`, attacker);
    expect((await login(storefront, owner.email, "wrong again", attacker)).status).toBe(429);
    const signedIn = await login(storefront, owner.email, owner.password, newAddress());
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.accessToken).toEqual(expect.any(String));
    // The owner's success does not lift the attacker's slowdown.
    expect((await login(storefront, owner.email, "still guessing", attacker)).status).toBe(429);
  });
});

describe("the ceiling of one account across addresses", () => {
  it("past 20 failures, gives each address one failure before a delay, and still lets the owner in from a new one", async () => {
    const owner = await signUp(storefront);
    for (let attacker = 0; attacker < 4; attacker++) {
      const address = newAddress();
      for (let i = 0; i < 5; i++)
        expect((await login(storefront, owner.email, `guess ${attacker}-${i}`, address)).status).toBe(401);
    }
    const fresh = newAddress();
    expect((await login(storefront, owner.email, "one more guess", fresh)).status).toBe(401);
    const slowed = await login(storefront, owner.email, "and another", fresh);
    expectSlowedFor(slowed, 60);

    // Not a lock: the owner's first attempt from an address of its own is checked, and succeeds.
    expect((await login(storefront, owner.email, owner.password, newAddress())).status).toBe(200);
    storefront.clock.advanceBy(60 * 1000);
    expect((await login(storefront, owner.email, owner.password, fresh)).status).toBe(200);
  }, 120_000); // 25 password checks (scrypt) on a loaded CI machine
});

describe("per-address limits across accounts (credential stuffing)", () => {
  it("stops an address after 8 wrong passwords an hour on any accounts, without slowing those accounts elsewhere", async () => {
    const victims = [await signUp(storefront), await signUp(storefront)];
    const stuffer = newAddress();
    for (let i = 0; i < 8; i++)
      expect((await login(storefront, victims[i % 2]!.email, `leaked password ${i}`, stuffer)).status).toBe(401);
    const stopped = await login(storefront, victims[0]!.email, victims[0]!.password, stuffer);
    expect(stopped).toMatchObject({ status: 429, body: { type: "/problems/too-many-attempts" } });
    expect(stopped.body.detail).toContain("from this address");
    expect(Number(stopped.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await login(storefront, victims[0]!.email, victims[0]!.password, newAddress())).status).toBe(200);

    storefront.clock.advanceBy(60 * 60 * 1000);
    expect((await login(storefront, victims[1]!.email, victims[1]!.password, stuffer)).status).toBe(200);
  });

  it("allows 3 sign-ups an hour from one address, answering the 4th with 429 and Retry-After", async () => {
    const address = newAddress();
    for (let i = 0; i < 3; i++) await signUp(storefront, address);
    const refused = await call(storefront.url, "POST", "/auth/signup", { body: individual(), headers: from(address) });
    expect(refused).toMatchObject({ status: 429, body: { type: "/problems/too-many-attempts" } });
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    await signUp(storefront, newAddress());
    storefront.clock.advanceBy(60 * 60 * 1000);
    await signUp(storefront, address);
  });
});
