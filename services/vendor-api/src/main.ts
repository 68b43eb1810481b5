import { runService } from "@mkt/service-kit";
import { vendorApiService } from "./bootstrap.js";

runService(vendorApiService);
