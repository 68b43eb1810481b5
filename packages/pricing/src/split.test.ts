import { splitByVendor } from "./split.js";

describe("splitByVendor", () => {
  it("groups lines by vendor, vendors in the order of their first line, lines in their order", () => {
    const lines = [
      { id: "1", vendorId: "b" },
      { id: "2", vendorId: "a" },
      { id: "3", vendorId: "b" },
      { id: "4", vendorId: "c" },
      { id: "5", vendorId: "a" },
    ];
    expect(splitByVendor(lines)).toEqual([
      { vendorId: "b", lines: [lines[0], lines[2]] },
      { vendorId: "a", lines: [lines[1], lines[4]] },
      { vendorId: "c", lines: [lines[3]] },
    ]);
  });

  it("gives no group for no lines", () => {
    expect(splitByVendor([])).toEqual([]);
  });
});
