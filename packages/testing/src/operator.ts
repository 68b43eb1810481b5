/**
 * The first operator of a test's backoffice-api (its OPERATOR_EMAIL and OPERATOR_PASSWORD): the
 * backoffice's own tests and the storefront's, which approve vendors through it, sign in as them.
 */
export const OPERATOR = { email: "ops@marketplace.example", password: "operator passphrase long" };
