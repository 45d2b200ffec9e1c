import { campaignSeries } from "@soglasie/core/campaign/answers";
import { reminderWaves } from "@soglasie/core/campaign/waves";
import { listGroupChats } from "@soglasie/core/chat/group-chat";
import { isCampaignOver, isChatRevocationDue } from "@soglasie/core/chat/rules";
import { collegeOverview } from "@soglasie/core/consent/dashboard";
import { NotFoundError } from "@soglasie/core/errors";
import type { Services } from "@soglasie/core/services";
import type { ChatLine } from "./views/campaign-page.js";

/** What the campaign page and its JSON share: the series of the scope and every group's chat line. */
export async function campaignData(services: Services, groupId: string | undefined) {
  const [overview, chats] = await Promise.all([
    collegeOverview(services, () => true),
    listGroupChats(services),
  ]);
  const groups = overview.groups.map((l) => l.group);
  const selected = groupId ? groups.find((g) => g.groupId === groupId) : undefined;
  if (groupId && !selected) throw new NotFoundError("Группа не найдена");
  const scope = selected ? [selected] : groups;
  const series = await campaignSeries(services, scope, await reminderWaves(services, scope));
  const lines: ChatLine[] = overview.groups.map(({ group, counts }) => {
    const chat = chats.get(group.groupId);
    return {
      group,
      counts,
      chat,
      campaignOver: isCampaignOver(counts),
      revocationDue: isChatRevocationDue(chat, counts),
    };
  });
  return { today: overview.today, groups, selected, series, chats: lines };
}
