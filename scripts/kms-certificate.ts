/**
 * `npm run kms-certificate -- --key-id <id|arn|alias> [--years 5] [--endpoint URL]`: prints a
 * self-signed certificate (PEM) for the organisation's KMS signing key, signed through KMS, with
 * the subject from the ORG_* settings (docs/deploy.md "The organisation's signing key").
 * Credentials and region: the AWS SDK's usual chain (AWS_PROFILE, AWS_REGION).
 */
import { parseArgs } from "node:util";
import { configFromEnv } from "../packages/core/src/config.js";
import { kmsSelfSignedCertificate } from "../packages/core/src/documents/signing/kms-certificate.js";

const { values } = parseArgs({
  options: {
    "key-id": { type: "string" },
    years: { type: "string", default: "5" },
    endpoint: { type: "string" },
  },
});
if (!values["key-id"]) {
  console.error("Usage: npm run kms-certificate -- --key-id <KMS key id, ARN or alias> [--years N]");
  process.exit(2);
}
const { org } = configFromEnv({ ...process.env, APP_MODE: "local" });
process.stdout.write(
  await kmsSelfSignedCertificate({
    keyId: values["key-id"],
    endpoint: values.endpoint,
    org,
    years: Number(values.years),
  }),
);
