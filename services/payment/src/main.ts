import { runService } from "@mkt/service-kit";
import { paymentService } from "./bootstrap.js";

runService(paymentService);
