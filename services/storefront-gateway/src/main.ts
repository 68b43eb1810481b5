import { runService } from "@mkt/service-kit";
import { storefrontGatewayService } from "./bootstrap.js";

runService(storefrontGatewayService);
