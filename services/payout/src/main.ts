import { runService } from "@mkt/service-kit";
import { payoutService } from "./bootstrap.js";

runService(payoutService);
