import { runService } from "@mkt/service-kit";
import { vendorKycService } from "./bootstrap.js";

runService(vendorKycService);
