import { KeyedSignal } from "./keyed-signal.js";

describe("KeyedSignal", () => {
  it("wakes the waits of one key only, and forgets them", async () => {
    const signal = new KeyedSignal();
    const woken: string[] = [];
    const a = signal.wait("a", 60_000);
    const b = signal.wait("b", 60_000);
    void a.woken.then(() => woken.push("a"));
    void b.woken.then(() => woken.push("b"));
    signal.notify("a");
    await a.woken;
    expect(woken).toEqual(["a"]);
    expect(signal.size).toBe(1);
    b.cancel();
    await b.woken;
    expect(signal.size).toBe(0);
  });

  it("a wait that nobody wakes ends after its timeout", async () => {
    const signal = new KeyedSignal();
    const started = performance.now();
    await signal.wait("x", 20).woken;
    expect(performance.now() - started).toBeGreaterThanOrEqual(15);
    expect(signal.size).toBe(0);
  });

  it("a notify between wait() and await still wakes (nothing is missed while the caller reads)", async () => {
    const signal = new KeyedSignal();
    const { woken } = signal.wait("k", 60_000);
    signal.notify("k");
    await expect(woken).resolves.toBeUndefined();
  });
});
