/**
 * Soglasie on AWS: `npm run build`, then `npx sst deploy --stage staging|production`
 * (docs/deploy.md). Stages other than production are disposable; production keeps its table and
 * bucket when removed and Pulumi refuses to delete any of its resources.
 *
 * Types: infra/platform.d.ts declares the SST globals used here, because `sst install` (which
 * generates .sst/platform/config.d.ts) needs the internet; test/infra checks what this declares.
 */
export default $config({
  app(input) {
    const production = input?.stage === "production";
    return {
      name: "soglasie",
      home: "aws",
      removal: production ? "retain" : "remove",
      protect: production,
      providers: { aws: { region: process.env.AWS_REGION ?? "eu-central-1" } },
    };
  },
  async run() {
    // SST evaluates infra/ inside run(): top-level imports are not allowed in this file.
    const { createSecrets } = await import("./infra/secrets");
    const { createStorage } = await import("./infra/storage");
    const { createApi } = await import("./infra/api");
    const { createSchedules } = await import("./infra/schedules");
    const { createSigningKey } = await import("./infra/signing");
    const secrets = createSecrets();
    const storage = createStorage();
    const signing = createSigningKey();
    const { url } = createApi({ storage, secrets, signing });
    createSchedules({ storage, secrets });
    return {
      url,
      table: storage.table.name,
      bucket: storage.bucket.name,
      signingKey: signing.key.arn,
    };
  },
});
