import { runService } from "@mkt/service-kit";
import { subscriptionService } from "./bootstrap.js";

runService(subscriptionService);
