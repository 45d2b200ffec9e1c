import type { Actor } from "../audit/types.js";
import type { Services } from "../services.js";
import { parseInput } from "../validation.js";
import { rulesKey } from "./keys.js";
import { type CouncilRules, councilRulesSchema, DEFAULT_COUNCIL_RULES } from "./rules.js";

/** The organisation's rules: a stored item, or the defaults when none was set. */
export class CouncilRulesRepository {
  constructor(private readonly services: Services) {}

  async get(): Promise<CouncilRules> {
    const item = await this.services.db.get<{ rules: CouncilRules }>(
      rulesKey(this.services.config.orgId),
      true,
    );
    return item?.rules ?? DEFAULT_COUNCIL_RULES;
  }

  async set(input: unknown, actor: Actor): Promise<CouncilRules> {
    const rules = parseInput(councilRulesSchema, input) as CouncilRules;
    const before = await this.get();
    await this.services.db.transact(
      [
        {
          put: {
            ...rulesKey(this.services.config.orgId),
            rules,
            updatedAt: this.services.now().toISOString(),
          },
        },
      ],
      [
        {
          actor,
          action: "council.rules_changed",
          entityType: "council_rules",
          entityId: this.services.config.orgId,
          before: JSON.stringify(before),
          after: JSON.stringify(rules),
        },
      ],
    );
    return rules;
  }
}
