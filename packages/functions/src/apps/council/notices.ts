import type { CouncilMeeting } from "@soglasie/core/council/types";

/** What a redirect may ask the council page to say (http/page-action.ts withNotice). */
export const COUNCIL_NOTICES = { meeting: "meeting", rules: "rules" } as const;

/**
 * The page's notice for `?done=…`: a known key, and for a recorded meeting the meeting's own
 * outcome and reason read from its record (`meeting` must be the id of a meeting on the page).
 * Anything else shows nothing.
 */
export function councilNotice(
  query: Record<string, string | undefined>,
  meetings: CouncilMeeting[],
): string | undefined {
  switch (query.done) {
    case COUNCIL_NOTICES.rules:
      return "Правила педсовета сохранены";
    case COUNCIL_NOTICES.meeting: {
      const m = meetings.find((x) => x.meetingId === query.meeting);
      if (!m) return undefined;
      return `Решение записано: ${m.outcome === "adopted" ? "Положение принято" : "не принято"}. ${m.reason}`;
    }
    default:
      return undefined;
  }
}
