import { rosterRowSchemaFor } from "@soglasie/core/roster/schemas";
import { displayName, displayGroupCode, nameKey } from "@soglasie/core/roster/normalize";
import { collegeRoster } from "../test/support/college.js";
const base = collegeRoster(2000).map((r) => ({ ...r, birthDate: "01.09.2008" }));
for (let k = 0; k < 3; k++) {
  let t = performance.now();
  const schema = rosterRowSchemaFor("2026-12-01");
  const out = base.map((r) => schema.safeParse({ group: r.group, student: r.student, parent: r.parent, birthDate: r.birthDate }));
  console.log("parse", performance.now() - t, out[0]!.success); t = performance.now();
  for (const r of base) { displayName(r.student); displayName(r.parent); displayGroupCode(r.group); nameKey(r.student); }
  console.log("normalize", performance.now() - t);
}
