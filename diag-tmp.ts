import { openContext } from "./bench/lib/context.js";
import { RosterImporter } from "@soglasie/core/roster/import";
import { createApp } from "@soglasie/functions/app";
import { collegeLinks, collegeRoster, rosterCsvOf } from "./test/support/college.js";
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
const ctx = await openContext();
const s = await ctx.freshServices("diag");
await s.documents.warmUp();
await new RosterImporter(s).importCsv(new TextEncoder().encode(rosterCsvOf(collegeRoster(400))), { type: "system", id: "x" }, { createGroups: true });
const links = await collegeLinks(s);
const per: Record<string, number[]> = {};
const add = (k: string, v: number) => (per[k] ??= []).push(v);
for (const c of [s.clients.db, s.clients.s3] as any[]) c.middlewareStack.add((next: any, context: any) => async (args: any) => {
  const t = performance.now(); try { return await next(args); } finally { add(context.commandName, performance.now() - t); } }, { step: "initialize", name: "timing" + Math.random() });
const app = createApp(s);
const body = JSON.stringify({ decision: "consent", parentName: "Волкова Наталья Сергеевна", relation: "мать", confirm: true });
const total: number[] = [];
for (let i = 0; i < 100; i++) {
  const t = performance.now();
  const r = await app.request(`/api/consent/${links[i]!.token}`, { method: "POST", headers: { "content-type": "application/json" }, body });
  if (r.status !== 201) console.log(r.status, await r.text());
  total.push(performance.now() - t);
}
const med = (a: number[]) => { const x = [...a].sort((p, q) => p - q); return `n=${x.length} med ${x[Math.floor(x.length/2)]!.toFixed(1)} p95 ${x[Math.floor(x.length*0.95)]!.toFixed(1)} sum/req ${(x.reduce((p,q)=>p+q,0)/100).toFixed(1)}`; };
console.log("total", med(total));
for (const [k, v] of Object.entries(per)) console.log(k, med(v));
// concurrency 16
for (const k of Object.keys(per)) delete per[k];
const t0 = performance.now(); const lat: number[] = []; let next = 100;
const cpu0 = process.cpuUsage();
await Promise.all(Array.from({ length: 16 }, async () => { while (next < 400) { const i = next++; const t = performance.now(); const r = await app.request(`/api/consent/${links[i]!.token}`, { method: "POST", headers: { "content-type": "application/json" }, body }); if (r.status !== 201) console.log(r.status); lat.push(performance.now() - t); } }));
const wall = performance.now() - t0; const cpu = process.cpuUsage(cpu0);
console.log("c16", med(lat), "throughput", (300 / wall * 1000).toFixed(1), "node cpu ms/req", ((cpu.user + cpu.system) / 1000 / 300).toFixed(1));
for (const [k, v] of Object.entries(per)) console.log(k, med(v));
await ctx.close();
