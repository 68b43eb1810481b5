import { HOLD_DAYS, holdEndsAt } from "./hold.js";

it("ends a hold 21 days of 24 hours after the capture, across a DST change", () => {
  expect(HOLD_DAYS).toBe(21);
  expect(holdEndsAt("2026-03-20T09:30:00.000Z")).toBe("2026-04-10T09:30:00.000Z"); // Paris moves on 29 March
  expect(holdEndsAt("2026-12-20T23:59:59.999Z")).toBe("2027-01-10T23:59:59.999Z");
});

it("refuses something that is not an instant", () => {
  expect(() => holdEndsAt("yesterday")).toThrow(RangeError);
});
