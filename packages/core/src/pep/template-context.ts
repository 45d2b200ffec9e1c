import type { PepAudience } from "../documents/types.js";

/** Who each edition of the rules is for, as its title says. */
export const PEP_AUDIENCE_TITLES: Record<PepAudience, string> = {
  parents: "для родителей (законных представителей) обучающихся и совершеннолетних обучающихся",
  staff: "для работников колледжа",
};

/** What templates/pep-rules.md sees besides the data: which audience's sections to print. */
export function pepRulesContext(data: { audience: PepAudience }, verifyUrl: string): Record<string, unknown> {
  return {
    // The public verification page: this document's own URL without its id.
    verifyPage: verifyUrl.replace(/\/[^/]*$/, ""),
    forParents: data.audience === "parents",
    forStaff: data.audience === "staff",
    audienceTitle: PEP_AUDIENCE_TITLES[data.audience],
  };
}
