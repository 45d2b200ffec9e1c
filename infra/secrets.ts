import { LINK, UNSET_SECRET } from "../packages/functions/src/lambda/manifest";

/**
 * Secrets are set per stage with `sst secret set <Name> <value> --stage <stage>` and reach only
 * the functions they are linked to (infra/api.ts); the code reads them through runtime-config.ts.
 */
export function createSecrets() {
  return {
    // No private key here: on AWS the seal's key lives in KMS (infra/signing.ts). SIGNING_KEY_PEM /
    // SIGNING_P12_PATH remain for local runs and clouds without it (docs/deploy.md).
    /** PEM certificate of the KMS key, printed in the signature mark and checked on verification. */
    signingCertPem: new sst.Secret(LINK.signingCert),
    /** HMAC key of staff sessions and CSRF tokens: at least 32 random characters. */
    sessionSecret: new sst.Secret(LINK.sessionSecret),
    /** SMS.ru's api_id (a credential that spends money); unset: SMS off (docs/messages.md). */
    smsruApiId: new sst.Secret(LINK.smsruApiId, UNSET_SECRET),
    /** The path token of SMS.ru's status callback, /hooks/smsru/<token>; unset: the route answers 404. */
    smsruCallbackSecret: new sst.Secret(LINK.smsruCallbackSecret, UNSET_SECRET),
  };
}

export type Secrets = ReturnType<typeof createSecrets>;
