import { ConsentRequestRepository } from "@soglasie/core/consent/consent-request-repository";
import { tokenFor } from "@soglasie/core/consent/links";
import { GroupRepository } from "@soglasie/core/roster/group-repository";
import type { Services } from "@soglasie/core/services";
import type { Role } from "@soglasie/core/staff/roles";
import { type StaffMember, StaffRepository } from "@soglasie/core/staff/staff-repository";
import { signSession } from "@soglasie/functions/http/session";
import { demoRows } from "../../packages/local/src/seed/roster.js";

/**
 * A synthetic college for benchmarks and load tests: `students` students in groups of `groupSize`,
 * deterministic Russian names (unique within each group), a parent per student. The same inputs
 * always give the same roster.
 */
const PREFIXES = ["ТМ", "ЭС", "ПКС", "СВ", "АТ", "ТО", "БУ", "ОП"];

export interface CollegeRow {
  group: string;
  student: string;
  parent: string;
}

/** The demo seed's name generator, group by group; `variant` gives other group codes and names. */
export function collegeRoster(students: number, groupSize = 25, variant = 0): CollegeRow[] {
  const rows: CollegeRow[] = [];
  for (let g = 0; rows.length < students; g++) {
    const group = `${PREFIXES[g % PREFIXES.length]}-${21 + Math.floor(g / PREFIXES.length) + variant * 10}`;
    const count = Math.min(groupSize, students - rows.length);
    for (const { student, parent } of demoRows(group, 7919 * (g + 1) + variant, count)) {
      rows.push({ group, student, parent });
    }
  }
  return rows;
}

export function rosterCsvOf(rows: CollegeRow[]): string {
  return `Группа;ФИО обучающегося;ФИО родителя (законного представителя)\n${rows.map((r) => `${r.group};${r.student};${r.parent}`).join("\n")}\n`;
}

export interface StudentLink {
  groupId: string;
  groupCode: string;
  studentId: string;
  requestId: string;
  token: string;
}

/** Every live personal link of the college (tokens re-derived the way the links export does). */
export async function collegeLinks(services: Services): Promise<StudentLink[]> {
  const requests = new ConsentRequestRepository(services);
  const out: StudentLink[] = [];
  for (const group of await new GroupRepository(services).list()) {
    for (const r of await requests.listByGroup(group.groupId, true)) {
      const token = tokenFor(services, r);
      if (token)
        out.push({
          groupId: group.groupId,
          groupCode: group.code,
          studentId: r.studentId,
          requestId: r.requestId,
          token,
        });
    }
  }
  return out;
}

/** A staff member with `roles` and a bearer header for the JSON API. */
export async function staffBearer(
  services: Services,
  roles: Role[],
  name = "Кузнецов Игорь Сергеевич",
): Promise<{ staff: StaffMember; headers: Record<string, string> }> {
  const staff = await new StaffRepository(services).create(
    {
      email: `${roles.join("-") || "staff"}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@bench.local`,
      fullName: name,
      position: "Преподаватель",
      pedagogical: true,
      roles,
      password: "bench-password-2026",
    },
    { type: "system", id: "bench" },
  );
  const token = signSession(
    services.config.sessionSecret,
    { s: staff.staffId, o: services.config.orgId, v: staff.sessionVersion },
    services.now(),
  );
  return { staff, headers: { authorization: `Bearer ${token}` } };
}
