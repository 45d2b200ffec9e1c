import { collegeOverview } from "@soglasie/core/consent/dashboard";
import { expect, it } from "vitest";
import { consentTestApp, importRoster } from "../consent/support.js";
import { collegeRoster, rosterCsvOf } from "../support/college.js";

it("measures", async () => {
  const t = await consentTestApp();
  const admin = await t.signIn(["administrator"]);
  const res = await importRoster(t, admin, rosterCsvOf(collegeRoster(2000, 25)));
  expect(res.status).toBe(200);
  for (const adult of [false, true, false, true]) {
    const runs: number[] = [];
    for (let i = 0; i < 10; i++) {
      const s = performance.now();
      const o = await collegeOverview(t.services, () => true, { adultConfirmation: adult });
      runs.push(performance.now() - s);
      if (i === 0) console.log("groups", o.groups.length);
    }
    runs.sort((a, b) => a - b);
    console.log(`adult=${adult} median ${runs[5]!.toFixed(1)} ms, max ${runs[9]!.toFixed(1)}`);
  }
}, 300_000);
