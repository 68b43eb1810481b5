// The simulated processor's 3-D Secure page: what a bank's challenge page is to Stripe. Plain
// HTML, no script (the service's Content-Security-Policy allows none inline): two forms posting
// the buyer's answer.

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function authenticationPage(options: {
  intentId: string;
  amount: number;
  currency: string;
  status: "pending" | "succeeded" | "failed" | "expired";
}): string {
  const amount = `${(options.amount / 100).toFixed(2)} ${escape(options.currency)}`;
  const action = `/simulated/authentications/${encodeURIComponent(options.intentId)}/page`;
  const body =
    options.status === "pending"
      ? `<p>Confirm the payment of <strong>${amount}</strong> with your card?</p>
<form method="post" action="${action}"><input type="hidden" name="outcome" value="approve"><button type="submit">Complete authentication</button></form>
<form method="post" action="${action}"><input type="hidden" name="outcome" value="fail"><button type="submit">Fail authentication</button></form>`
      : `<p>Authentication ${options.status === "succeeded" ? "completed" : options.status === "expired" ? "expired" : "failed"}. You can close this page and return to the marketplace.</p>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>3-D Secure (simulated)</title></head>
<body><h1>3-D Secure authentication (test)</h1>${body}</body></html>`;
}
