import { demoBuyer, demoOperator, demoVendors } from "./demo-data.js";
import { expectAnswer, request } from "./http.js";
import { applyAndSubmit, approve, publishSolution, signIn, type GatewayUrls } from "./onboarding.js";

export interface SeedReport {
  created: string[];
  alreadyThere: string[];
}

/**
 * Seeds the demo world through the public gateways, as people would: vendors apply with real
 * documents, the operator approves them, they publish their solutions, the operator labels some,
 * and a demo buyer signs up. Safe to run at every start: who can already sign in is left as is.
 * The operator account must exist (backoffice-api creates it from OPERATOR_EMAIL/PASSWORD).
 */
export async function seedDemoWorld(urls: GatewayUrls, log: (line: string) => void = () => {}): Promise<SeedReport> {
  const report: SeedReport = { created: [], alreadyThere: [] };
  const operatorToken = await signIn(urls.backoffice, demoOperator.email, demoOperator.password);

  for (const { company, solutions } of demoVendors) {
    const existing = await request(`${urls.vendorApi}/auth/login`, {
      body: { email: company.email, password: company.password },
    });
    if (existing.status === 200) {
      report.alreadyThere.push(company.legalName);
      continue;
    }
    const { vendorId, token } = await applyAndSubmit(urls, company);
    await approve(urls, operatorToken, vendorId);
    for (const solution of solutions) await publishSolution(urls, token, solution, operatorToken);
    report.created.push(`${company.legalName} (${solutions.length} solutions)`);
    log(`vendor ${company.legalName}: approved, ${solutions.length} solutions published`);
  }

  const buyer = await request(`${urls.storefront}/auth/login`, {
    body: { email: demoBuyer.email, password: demoBuyer.password },
  });
  if (buyer.status === 200) report.alreadyThere.push(`buyer ${demoBuyer.email}`);
  else {
    await expectAnswer("sign the demo buyer up", [201], `${urls.storefront}/auth/signup`, { body: demoBuyer });
    report.created.push(`buyer ${demoBuyer.email}`);
  }
  return report;
}
