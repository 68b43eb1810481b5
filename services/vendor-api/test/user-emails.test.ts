// From vendor-api's users to the emails they receive: notification (in-process, same bus
// namespace) learns of the users from vendor-api's events and sends a new order's email to the
// roles that handle orders, not to finance.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { authorizedCheckout, eventually, call } from "@mkt/testing";
import { application, startVendorStack, type VendorStack } from "./support/vendor.js";

let stack: VendorStack;
beforeAll(async () => {
  stack = await startVendorStack("vendor-api-user-emails", { notification: true, order: true });
});
afterAll(() => stack?.stop());

const api = (method: string, path: string, options?: Parameters<typeof call>[3]) =>
  call(stack.url, method, path, options);

/** The recipients of every email notification wrote to its drop folder so far. */
function mailedTo(): string[] {
  const dir = (stack.notification!.service.deps as unknown as { config: { MAIL_DROP_DIR: string } }).config
    .MAIL_DROP_DIR;
  return readdirSync(dir)
    .filter((file) => file.endsWith(".eml"))
    .flatMap((file) => /^To: (.*)$/im.exec(readFileSync(join(dir, file), "utf8"))?.[1] ?? []);
}

it("sends a new order's email to an invited sales user, not to a finance user", async () => {
  const applied = (await api("POST", "/applications", { body: application() })).body;
  const token = applied.tokens.accessToken;
  const stamp = Date.now();
  const sales = `sales-${stamp}@nuage.example`;
  const finance = `finance-${stamp}@nuage.example`;
  for (const [email, role] of [
    [sales, "sales"],
    [finance, "finance"],
  ])
    expect(
      (await api("POST", "/users", { token, body: { email, name: role, role, password: "invited passphrase long" } }))
        .status,
    ).toBe(201);
  // Notification knows both users before the order comes.
  await eventually(async () =>
    expect(
      await stack.notification!.database.query("SELECT email FROM vendor_user WHERE vendor_id = $1", [
        applied.vendorId,
      ]),
    ).toHaveLength(3),
  );

  await authorizedCheckout(stack.order!, { vendorIds: [applied.vendorId] }, stack.clock.now());
  await eventually(async () => expect(mailedTo().join(" ")).toContain(sales), { timeoutMs: 20_000 });
  // Every recipient of the order's email is recorded in one transaction: this is all of them.
  const recipients = await stack.notification!.database.query<{ to_address: string }>(
    "SELECT to_address FROM notification WHERE template = 'vendor-order-received' ORDER BY to_address",
  );
  const addresses = recipients.map((row) => row.to_address);
  expect(addresses).toEqual(expect.arrayContaining([sales, applied.email]));
  expect(addresses).not.toContain(finance);
  expect(mailedTo().join(" ")).not.toContain(finance);
});
