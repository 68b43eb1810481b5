import { VendorApprovedV1 } from "@mkt/contracts";
import { consume, type Clock } from "@mkt/service-kit";
import type { Db } from "../db/client.js";
import { recordApprovedVendor } from "../app/record-approved-vendor.js";

/** Saga step vendor-onboarding.5 (docs/sagas/vendor-onboarding.md): an approved vendor may list. */
export const onVendorApproved = (clock: Clock) =>
  consume<typeof VendorApprovedV1, Db>(VendorApprovedV1, (event, tx) =>
    recordApprovedVendor(tx, event.data, clock.now()),
  );
