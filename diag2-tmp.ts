import { openContext } from "./bench/lib/context.js";
import { RosterImporter } from "@soglasie/core/roster/import";
import { createApp } from "@soglasie/functions/app";
import { collegeLinks, collegeRoster, rosterCsvOf } from "./test/support/college.js";
const ctx = await openContext();
const s = await ctx.freshServices("diag");
await s.documents.warmUp();
await new RosterImporter(s).importCsv(new TextEncoder().encode(rosterCsvOf(collegeRoster(600))), { type: "system", id: "x" }, { createGroups: true });
const links = await collegeLinks(s);
const app = createApp(s);
const body = JSON.stringify({ decision: "consent", parentName: "Волкова Наталья Сергеевна", relation: "мать", confirm: true });
const mb = (n: number) => (n / 1048576).toFixed(0);
const show = (l: string) => { const m = process.memoryUsage(); console.log(l, "rss", mb(m.rss), "heapUsed", mb(m.heapUsed), "heapTotal", mb(m.heapTotal), "external", mb(m.external), "ab", mb(m.arrayBuffers)); };
show("start");
let next = 0; let maxRss = 0;
const timer = setInterval(() => { maxRss = Math.max(maxRss, process.memoryUsage().rss); }, 50);
for (const conc of [1, 4, 16]) {
  const end = next + 150;
  await Promise.all(Array.from({ length: conc }, async () => { while (next < end) { const i = next++; const r = await app.request(`/api/consent/${links[i]!.token}`, { method: "POST", headers: { "content-type": "application/json" }, body }); await r.text(); } }));
  show(`after c${conc} maxRss ${mb(maxRss)}`);
}
global.gc?.(); show("after gc");
clearInterval(timer);
await ctx.close();
