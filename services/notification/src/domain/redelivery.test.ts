import { redeliveryDue } from "./redelivery.js";

const now = new Date("2026-12-03T10:00:00.000Z");
const options = { redeliverAfterMs: 15 * 60_000, retryDelaysMs: [1_000, 600_000] };

describe("when a job handed to the delivery queue counts as lost", () => {
  it("is the delay after the hand-over", () => {
    expect(redeliveryDue(now, options)).toEqual(new Date("2026-12-03T10:15:00.000Z"));
  });

  it("is the delay after the retry a failed attempt waits for", () => {
    expect(redeliveryDue(now, options, 1)).toEqual(new Date("2026-12-03T10:15:01.000Z"));
    expect(redeliveryDue(now, options, 2)).toEqual(new Date("2026-12-03T10:25:00.000Z"));
  });

  it("is never after the last attempt: no retry follows", () => {
    expect(redeliveryDue(now, options, 3)).toBeNull();
  });
});
