import { runService } from "@mkt/service-kit";
import { cartService } from "./bootstrap.js";

runService(cartService);
