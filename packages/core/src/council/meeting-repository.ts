import type { Services } from "../services.js";
import { z } from "../validation.js";
import { councilPk, MEETING_SK_PREFIX, meetingKey } from "./keys.js";
import type { CouncilMeeting } from "./types.js";

type MeetingItem = CouncilMeeting & { pk: string; sk: string };

/** Storage of the council's meetings (meetings.ts records them). */
export class MeetingRepository {
  constructor(private readonly services: Services) {}

  private get orgId() {
    return this.services.config.orgId;
  }

  async list(): Promise<CouncilMeeting[]> {
    const items = await this.services.db.queryPartition<MeetingItem>(
      councilPk(this.orgId),
      MEETING_SK_PREFIX,
    );
    return items
      .map(({ pk: _pk, sk: _sk, ...m }) => m as CouncilMeeting)
      .sort((a, b) =>
        a.date === b.date ? b.createdAt.localeCompare(a.createdAt) : b.date.localeCompare(a.date),
      );
  }

  async get(meetingId: string): Promise<CouncilMeeting | undefined> {
    if (!z.uuid().safeParse(meetingId).success) return undefined;
    const item = await this.services.db.get<MeetingItem>(meetingKey(this.orgId, meetingId));
    if (!item) return undefined;
    const { pk: _pk, sk: _sk, ...m } = item;
    return m as CouncilMeeting;
  }
}
