import type { AppConfig } from "./config.js";
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
  now: () => Date;
}

export interface ServiceOptions {
  clients?: StoreClients;
  now?: () => Date;
  /** Folder for the self-signed local signing certificate (local mode only). */
  signingDir?: string;
}

export async function createServices(config: AppConfig, opts: ServiceOptions = {}): Promise<Services> {
  const clients = opts.clients ?? createClients(config);
  const now = opts.now ?? (() => new Date());
  return {
    config,
    clients,
    db: new Database(clients.db, config.tableName, config.orgId, now),
    objects: new ObjectStore(clients.s3, config.bucketName, config.orgId, config.s3Encryption),
    now,
  };
}
