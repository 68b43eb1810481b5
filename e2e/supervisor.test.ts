// `npm start` supervises its processes like a production supervisor: a service that dies is
// started again after a growing delay, and the rest of the marketplace keeps running.
import { eventually } from "./support/eventually";
import { startMarketplace, type Marketplace } from "./support/stack";

/* eslint-disable-next-line @typescript-eslint/no-require-imports */
const { restartDelay } = require("../scripts/lib/stack.cjs") as {
  restartDelay(attempt: number, options?: { initialDelayMs: number; maxDelayMs: number }): number;
};

async function status(url: string): Promise<number | string> {
  try {
    const response = await fetch(url);
    await response.arrayBuffer();
    return response.status;
  } catch (error) {
    return (error as Error).message;
  }
}

describe("the supervisor of npm start", () => {
  it("backs off from 1 s, doubling, to 30 s at most", () => {
    expect([1, 2, 3, 4, 5, 6, 10].map((attempt) => restartDelay(attempt))).toEqual([
      1000, 2000, 4000, 8000, 16000, 30000, 30000,
    ]);
  });

  describe("with a running marketplace", () => {
    let market: Marketplace;

    beforeAll(async () => {
      market = await startMarketplace({
        services: ["catalog", "cart"],
        restart: { initialDelayMs: 200, maxDelayMs: 2000, stableAfterMs: 60_000 },
      });
    });
    afterAll(async () => {
      await market?.stop();
    });

    it("starts a service that died again, and says so, while the others keep serving", async () => {
      const first = market.processes.find((p) => p.label === "catalog#1")!;
      process.kill(first.pid, "SIGKILL"); // a crash, not a stop the stack asked for

      const back = await eventually(() => {
        const current = market.processes.find((p) => p.label === "catalog#1")!;
        expect(current.pid).not.toBe(first.pid);
        expect(market.restarts()).toContainEqual({ kind: "back", label: "catalog#1", pid: current.pid });
        return current;
      });
      expect(market.restarts()[0]).toEqual({
        kind: "scheduled",
        label: "catalog#1",
        pid: first.pid,
        attempt: 1,
        delayMs: 200,
        exit: { code: null, signal: "SIGKILL" },
      });
      expect(await status(market.url("catalog", "/readyz"))).toBe(200);
      expect(await status(market.url("cart", "/readyz"))).toBe(200);

      // Dying again soon after: the next delay is twice as long.
      process.kill(back.pid, "SIGKILL");
      await eventually(() =>
        expect(market.restarts().filter((r) => r.kind === "scheduled")).toContainEqual(
          expect.objectContaining({ pid: back.pid, attempt: 2, delayMs: 400 }),
        ),
      );
      await eventually(async () => expect(await status(market.url("catalog", "/readyz"))).toBe(200));
    });

    it("does not restart what it was asked to stop", async () => {
      const scheduled = market.restarts().filter((r) => r.kind === "scheduled").length;
      const results = await market.stop();
      expect(results.filter((r) => r.forced)).toEqual([]);
      // Each process exited during stop() without a restart being scheduled (pending ones are cancelled).
      expect(market.restarts().filter((r) => r.kind === "scheduled")).toHaveLength(scheduled);
      expect(market.processes.every((p) => p.exit)).toBe(true);
    });
  });
});
