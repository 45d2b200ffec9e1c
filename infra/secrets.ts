import { LINK } from "../packages/functions/src/lambda/manifest";

/**
 * Secrets are set per stage with `sst secret set <Name> <value> --stage <stage>` and reach only
 * the functions they are linked to (infra/api.ts); the code reads them through runtime-config.ts.
 */
export function createSecrets() {
  return {
    /** PEM private key of the organisation's document seal (consent, council and orders sign). */
    signingKeyPem: new sst.Secret(LINK.signingKey),
    /** PEM certificate of that key, printed in the signature mark and checked on verification. */
    signingCertPem: new sst.Secret(LINK.signingCert),
    /** HMAC key of staff sessions and CSRF tokens: at least 32 random characters. */
    sessionSecret: new sst.Secret(LINK.sessionSecret),
  };
}

export type Secrets = ReturnType<typeof createSecrets>;
