import type { PepAudience } from "../documents/types.js";
import { ConflictError } from "../errors.js";
import type { Services } from "../services.js";
import type { TxItem } from "../storage/database.js";
import { currentSk, pepRulesPk, versionPrefix, versionSk } from "./keys.js";
import type { PepRulesVersion } from "./types.js";

type Item = PepRulesVersion & { pk: string; sk: string; entity: "pep-rules" };

const view = ({ pk: _pk, sk: _sk, entity: _e, ...v }: Item): PepRulesVersion => v;

/** Storage of the versions of the signature rules (keys.ts). */
export class PepRulesRepository {
  constructor(private readonly services: Pick<Services, "config" | "db">) {}

  private get pk() {
    return pepRulesPk(this.services.config.orgId);
  }

  /** The version in force, if any has been issued. */
  async current(audience: PepAudience, consistent = false): Promise<PepRulesVersion | undefined> {
    const item = await this.services.db.get<Item>({ pk: this.pk, sk: currentSk(audience) }, consistent);
    return item ? view(item) : undefined;
  }

  async get(audience: PepAudience, version: number): Promise<PepRulesVersion | undefined> {
    const item = await this.services.db.get<Item>({ pk: this.pk, sk: versionSk(audience, version) });
    return item ? view(item) : undefined;
  }

  /** Every version, newest first. */
  async list(audience: PepAudience): Promise<PepRulesVersion[]> {
    const items = await this.services.db.queryPartition<Item>(this.pk, versionPrefix(audience), {
      forward: false,
    });
    return items.map(view);
  }

  /**
   * The writes of a new version: its own item and the pointer, conditional on the pointer still
   * naming `previous` (one winner when two people issue at once).
   */
  issueItems(next: PepRulesVersion, previous: PepRulesVersion | undefined): TxItem[] {
    const conflict = () =>
      new ConflictError(
        "Новая редакция правил уже выпущена другим пользователем. Обновите страницу.",
        "pep_rules_conflict",
      );
    return [
      {
        put: { pk: this.pk, sk: versionSk(next.audience, next.version), entity: "pep-rules", ...next },
        condition: "attribute_not_exists(pk)",
        onConflict: conflict,
      },
      {
        put: { pk: this.pk, sk: currentSk(next.audience), entity: "pep-rules", ...next },
        ...(previous
          ? { condition: "version = :v", values: { ":v": previous.version } }
          : { condition: "attribute_not_exists(pk)" }),
        onConflict: conflict,
      },
    ];
  }
}
