import { VendorApprovedV1 } from "@mkt/contracts";
import { consume, type Clock } from "@mkt/service-kit";
import type { Db } from "../db/client.js";
import { recordApprovedVendor } from "../app/record-approved-vendor.js";

export const onVendorApproved = (clock: Clock) =>
  consume<typeof VendorApprovedV1, Db>(VendorApprovedV1, (event, tx) =>
    recordApprovedVendor(tx, event.data, clock.now()),
  );
