import type { CouncilMeeting } from "@soglasie/core/council/types";

/** What a redirect may ask the council page to say (http/page-action.ts withNotice). */
export const COUNCIL_NOTICES = { meeting: "meeting", rules: "rules", annulled: "annulled" } as const;

/**
 * The page's notice for `?done=…`: a known key, and for a recorded meeting the meeting's own
 * outcome and reason read from its record (`meeting` must be the id of a meeting on the page).
 * Anything else shows nothing.
 */
export function councilNotice(
  query: Record<string, string | undefined>,
  meetings: CouncilMeeting[],
): { text: string; warning: boolean } | undefined {
  switch (query.done) {
    case COUNCIL_NOTICES.rules:
      return { text: "Правила педсовета сохранены", warning: false };
    case COUNCIL_NOTICES.meeting: {
      const m = meetings.find((x) => x.meetingId === query.meeting);
      if (!m) return undefined;
      // «Not adopted» is no success to celebrate: the version stays a draft.
      return m.outcome === "adopted"
        ? { text: `Решение записано: Положение принято. ${m.reason}`, warning: false }
        : { text: `Решение записано: не принято, Положение остаётся проектом. ${m.reason}`, warning: true };
    }
    case COUNCIL_NOTICES.annulled: {
      const m = meetings.find((x) => x.meetingId === query.meeting);
      if (!m?.annulment) return undefined;
      return {
        text: `Запись о заседании (протокол № ${m.protocolNumber} от ${m.date.split("-").reverse().join(".")}) аннулирована. Номер протокола свободен: внесите правильную запись.`,
        warning: false,
      };
    }
    default:
      return undefined;
  }
}
