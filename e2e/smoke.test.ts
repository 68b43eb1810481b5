// Every service starts from its build, answers its health checks, survives a hard kill and
// stops cleanly: the ground the other e2e tests stand on.
import { startMarketplace, type Marketplace } from "./support/stack";

async function status(url: string): Promise<number> {
  const response = await fetch(url);
  await response.arrayBuffer();
  return response.status;
}

describe("the marketplace stack", () => {
  let market: Marketplace;

  beforeAll(async () => {
    // Two order processes: the stack must handle replicas (ports 7104 and 7114).
    market = await startMarketplace({ replicas: { order: 2 } });
  });

  afterAll(async () => {
    await market?.stop();
  });

  it("starts every service and each answers /healthz and /readyz", async () => {
    expect(market.processes).toHaveLength(12);
    for (const proc of market.processes) {
      expect({ process: proc.label, healthz: await status(`${proc.url}/healthz`) }).toEqual({
        process: proc.label,
        healthz: 200,
      });
      expect({ process: proc.label, readyz: await status(`${proc.url}/readyz`) }).toEqual({
        process: proc.label,
        readyz: 200,
      });
    }
  });

  it("brings a hard-killed service back to ready", async () => {
    const before = market.processes.find((p) => p.label === "order#2")!;
    await market.kill("order", 1);
    await expect(status(market.url("order", "/healthz", 1))).rejects.toThrow();
    // The other replica keeps serving meanwhile.
    expect(await status(market.url("order", "/readyz", 0))).toBe(200);

    const after = await market.start("order", 1);
    expect(after.pid).not.toBe(before.pid);
    expect(await status(market.url("order", "/readyz", 1))).toBe(200);

    const restarted = await market.killAndRestart("payment");
    expect(await status(`${restarted.url}/readyz`)).toBe(200);
  });

  it("moves the clock of every process", async () => {
    await expect(market.advanceClock(60_000)).resolves.toBeUndefined();
  });

  it("stops every process gracefully", async () => {
    const results = await market.stop();
    expect(results.filter((r) => r.forced || r.code !== 0)).toEqual([]);
    expect(results).toHaveLength(12);
  });
});
