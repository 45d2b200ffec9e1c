import { ruDate } from "@soglasie/core/clock";
import type { CurrentRegulation, RegulationVersion } from "@soglasie/core/regulation/types";

/** What a redirect may ask the regulation page to say (http/page-action.ts withNotice). */
export const REGULATION_NOTICES = { draft: "draft", approved: "approved" } as const;

/**
 * The page's notice for `?done=…`: a known key, its parameter checked against the page's data (a
 * draft's number must be a version on the list; an approval names the order of the regulation in
 * force). Anything else shows nothing.
 */
export function regulationNotice(
  query: Record<string, string | undefined>,
  versions: RegulationVersion[],
  current: CurrentRegulation | undefined,
): string | undefined {
  switch (query.done) {
    case REGULATION_NOTICES.draft: {
      const no = /^\d{1,6}$/.test(query.no ?? "") ? Number(query.no) : undefined;
      return versions.some((v) => v.no === no) ? `Создан проект редакции № ${no}` : undefined;
    }
    case REGULATION_NOTICES.approved:
      return current
        ? `Положение утверждено приказом от ${ruDate(current.orderDate)} № ${current.orderNumber}`
        : undefined;
    default:
      return undefined;
  }
}
