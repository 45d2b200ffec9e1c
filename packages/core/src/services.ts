import type { AppConfig } from "./config.js";
import { DocumentService } from "./documents/service.js";
import { loadSigner } from "./documents/signing/load-signer.js";
import type { Signer } from "./documents/signing/signer.js";
import type { TsaClient } from "./documents/timestamps/tsa-client.js";
import type { DocumentType } from "./documents/types.js";
import { currentPepStamp } from "./pep/rules-versions.js";
import { createClients, type StoreClients } from "./storage/clients.js";
import { Database } from "./storage/database.js";
import { ObjectStore } from "./storage/object-store.js";

/**
 * Everything a workflow needs, built once per process (Lambda container, local server, test file)
 * and passed explicitly: no module-level singletons.
 */
export interface Services {
  config: AppConfig;
  clients: StoreClients;
  db: Database;
  objects: ObjectStore;
  /** The organisation's signing key (documents, register extracts). */
  signer: Signer;
  /** Render, sign, store and verify documents. */
  documents: DocumentService;
  now: () => Date;
  /** The configured timestamp authorities (TSA_URL); absent: none. */
  tsa?: TsaClient;
}

export interface ServiceOptions {
  clients?: StoreClients;
  now?: () => Date;
  /** Folder for the self-signed local signing certificate (local mode only; default ./.data/signing). */
  signingDir?: string;
  /** A ready signer (tests, a KMS signer): skips loading one from the configuration. */
  signer?: Signer;
  /**
   * Render and sign one document before returning, so the first real one is fast (the local
   * server, and Lambda's initialisation: lambda/handler.ts).
   */
  warmUp?: boolean | DocumentType;
}

export async function createServices(config: AppConfig, opts: ServiceOptions = {}): Promise<Services> {
  const clients = opts.clients ?? createClients(config);
  const now = opts.now ?? (() => new Date());
  const db = new Database(clients.db, config.tableName, config.orgId, now);
  const objects = new ObjectStore(
    clients.s3,
    config.bucketName,
    config.orgId,
    config.s3Encryption,
    config.s3ObjectLock,
  );
  const baseSigner = opts.signer ?? (await loadSigner(config, opts.signingDir));
  // With a timestamp authority every signature is PAdES B-T (timestamps/signature-timestamp.ts).
  const { tsa, signer } = await withTimestamps(config, baseSigner);
  // Documents signed by a person cite the signature rules in force, which the services issue.
  const documents: DocumentService = new DocumentService({
    config,
    db,
    objects,
    signer,
    tsa,
    now,
    pepRules: (audience) => currentPepStamp(services, audience),
  });
  const services: Services = { config, clients, db, objects, signer, documents, now, tsa };
  if (opts.warmUp) {
    // The base signer: warming up must not spend a timestamp from the authority.
    await documents.warmUp(baseSigner, opts.warmUp === true ? "consent" : opts.warmUp);
    // The store clients' first call builds their middleware, reads the credentials and opens the
    // connection (a few hundred ms in a new Lambda container): one harmless read of each, whose
    // answer (even a refusal) does not matter.
    await Promise.allSettled([db.readHead(), objects.head("documents/warm-up.pdf")]);
  }
  return services;
}

async function withTimestamps(
  config: AppConfig,
  signer: Signer,
): Promise<{ tsa?: TsaClient; signer: Signer }> {
  if (config.tsaUrls.length === 0) return { signer };
  const [{ TsaClient }, { TimestampingSigner }] = await Promise.all([
    import("./documents/timestamps/tsa-client.js"),
    import("./documents/timestamps/signature-timestamp.js"),
  ]);
  const tsa = new TsaClient(config.tsaUrls, { timeoutMs: config.tsaTimeoutMs });
  const onUnavailable = (error: Error) =>
    console.warn(
      JSON.stringify({
        level: "warn",
        message: "timestamp authority unavailable: issued at B-B",
        error: error.message,
      }),
    );
  return { tsa, signer: new TimestampingSigner(signer, tsa, onUnavailable) };
}
