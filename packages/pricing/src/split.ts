/** One vendor's lines, in the order they came. */
export interface VendorGroup<L> {
  vendorId: string;
  lines: L[];
}

/**
 * Groups lines by vendor (a cart becomes one order per vendor: docs/business-rules.md, Ordering 2). The order
 * is stable: vendors in the order of their first line, each vendor's lines in their own order, so
 * the same cart always gives the same orders in the same order (and the same draft ids).
 */
export function splitByVendor<L extends { vendorId: string }>(lines: readonly L[]): VendorGroup<L>[] {
  const groups = new Map<string, VendorGroup<L>>();
  for (const line of lines) {
    let group = groups.get(line.vendorId);
    if (!group) {
      group = { vendorId: line.vendorId, lines: [] };
      groups.set(line.vendorId, group);
    }
    group.lines.push(line);
  }
  return [...groups.values()];
}
