import type { Role } from "@soglasie/core/staff/roles";
import { beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp, type TestSession } from "../support/app.js";

/**
 * Every staff route and the roles that may use it (the regulation's division of duties).
 * A role outside the list must get 403; no session must get 401 (API) or a redirect to sign-in (pages).
 * Allowed roles may still get 400/404/409 here: the requests carry no valid body on purpose.
 */
type Entry = [method: "GET" | "POST" | "PUT", path: string, allowed: Role[] | "any"];

const DIR: Role = "director";
const SEC: Role = "council_secretary";
const ADM: Role = "administrator";
const CT: Role = "class_teacher";

const MATRIX: Entry[] = [
  ["GET", "/api/me", "any"],
  ["GET", "/staff", "any"],
  // One's own contacts for parents (any staff member, for themself only).
  ["GET", "/staff/contacts", "any"],
  ["GET", "/api/staff/me/parent-contacts", "any"],
  ["PUT", "/api/staff/me/parent-contacts", "any"],
  // Orders (clauses 2.1, 2.4): the director issues; the administrator reads the register.
  ["POST", "/api/orders/administrator-appointments", [DIR]],
  ["POST", "/api/orders/class-teacher-assignments", [DIR]],
  ["GET", "/api/orders", [DIR, ADM]],
  ["GET", "/api/orders/register.csv", [DIR, ADM]],
  ["GET", "/api/orders/register.pdf", [DIR, ADM]],
  ["GET", "/api/orders/archive.zip?id=:orderId", [DIR, ADM]],
  ["GET", "/staff/orders/archive?id=:orderId", [DIR, ADM]],
  ["GET", "/api/orders/:orderId", [DIR, ADM]],
  ["GET", "/api/orders/:orderId/pdf", [DIR, ADM]],
  ["GET", "/staff/orders", [DIR, ADM]],
  ["GET", "/staff/orders/appoint", [DIR]],
  ["POST", "/staff/orders/appoint", [DIR]],
  ["GET", "/staff/orders/class-teachers", [DIR]],
  ["POST", "/staff/orders/class-teachers", [DIR]],
  // What orders print about staff (position by case, gender, phone): the director checks it.
  ["GET", "/api/orders/staff-forms", [DIR]],
  ["PUT", "/api/orders/staff-forms/:staffId", [DIR]],
  ["GET", "/staff/orders/staff", [DIR]],
  ["POST", "/staff/orders/staff/:staffId", [DIR]],
  // «С приказом ознакомлен(ы)»: only the people an order names (here the class teacher of the
  // distribution order) read and acknowledge it; those who keep the register see who did.
  ["POST", "/api/orders/:orderId/acknowledge", [CT]],
  ["GET", "/api/orders/:orderId/acknowledgments", [DIR, ADM]],
  ["GET", "/staff/orders/:orderId/document", [CT]],
  ["POST", "/staff/orders/:orderId/acknowledge", [CT]],
  // Issue 14: an order is never deleted; only the director cancels it by a new order.
  ["POST", "/api/orders/:orderId/cancel", [DIR]],
  ["GET", "/staff/orders/:orderId/cancel", [DIR]],
  ["POST", "/staff/orders/:orderId/cancel", [DIR]],
  ["POST", "/staff/orders/:orderId/cancel/draft.pdf", [DIR]],
  // The regulation (clause 1.3): everyone reads and acknowledges; the administrator prepares versions;
  // the director approves and repeals.
  ["GET", "/staff/regulations", "any"],
  ["POST", "/staff/regulations", [ADM]],
  ["POST", "/staff/orders/appoint/draft.pdf", [DIR]],
  ["POST", "/staff/orders/class-teachers/draft.pdf", [DIR]],
  ["POST", "/staff/regulations/:versionId/approve", [DIR]],
  ["GET", "/staff/regulations/:versionId/approve", [DIR]],
  ["GET", "/staff/regulations/:versionId/approve/draft.pdf", [DIR]],
  ["GET", "/staff/regulations/:versionId/draft.pdf", "any"],
  ["POST", "/staff/regulations/:versionId/acknowledge", "any"],
  ["GET", "/staff/regulations/:versionId/text", [ADM, DIR, SEC]],
  ["GET", "/api/regulations", "any"],
  ["POST", "/api/regulations", [ADM]],
  ["GET", "/api/regulations/current", "any"],
  ["GET", "/api/regulations/:versionId", "any"],
  ["POST", "/api/regulations/:versionId/approve", [DIR]],
  ["POST", "/api/regulations/:versionId/approve/preview", [DIR]],
  ["GET", "/api/regulations/:versionId/draft.pdf", "any"],
  ["POST", "/api/regulations/:versionId/repeal", [DIR]],
  ["POST", "/api/regulations/:versionId/acknowledge", "any"],
  ["GET", "/api/regulations/:versionId/acknowledgments", [ADM, DIR]],
  // The pedagogical council: the secretary records; the director sets the rules.
  ["GET", "/staff/council", [SEC, DIR, ADM]],
  ["POST", "/staff/council/meetings", [SEC]],
  ["POST", "/staff/council/meetings/check", [SEC]],
  ["POST", "/staff/council/meetings/draft.pdf", [SEC]],
  ["POST", "/staff/council/meetings/edit", [SEC]],
  ["POST", "/staff/council/meetings/:meetingId/annul", [SEC]],
  ["POST", "/staff/council/rules", [DIR]],
  ["POST", "/api/council/meetings", [SEC]],
  ["GET", "/api/council/meetings", [SEC, DIR, ADM]],
  ["GET", "/api/council/meetings/:meetingId", [SEC, DIR, ADM]],
  ["GET", "/api/council/rules", [SEC, DIR, ADM]],
  ["PUT", "/api/council/rules", [DIR]],
  ["GET", "/staff/council/meetings/:meetingId/protocol", [SEC, DIR, ADM]],
  // One download policy for every signed document: an order only for those who keep the register.
  ["GET", "/api/documents/:orderDocumentId/pdf", [DIR, ADM]],
  // Parents' consents (clause 1.8, 2.3): the administrator and class teachers (own groups) manage links;
  // the director watches progress.
  ["POST", "/api/roster/import", [ADM, CT]],
  ["GET", "/api/groups", [DIR, ADM, CT]],
  ["POST", "/api/groups/revoke-unclaimed", [ADM]],
  ["GET", "/api/groups/:groupId/consents", [DIR, ADM, CT]],
  ["GET", "/api/groups/:groupId/links.csv", [ADM, CT]],
  ["GET", "/api/groups/:groupId/links.pdf", [ADM, CT]],
  ["GET", "/api/groups/:groupId/consents.csv", [DIR, ADM, CT]],
  ["GET", "/api/groups/:groupId/documents.zip", [DIR, ADM, CT]],
  ["POST", "/api/groups/:groupId/links/reissue", [ADM, CT]],
  ["POST", "/api/groups/:groupId/revoke-unclaimed", [ADM, CT]],
  // The adult student's own link (issue 15): those who manage the group's links.
  ["POST", "/api/groups/:groupId/students/:studentId/student-link", [ADM, CT]],
  // Invitations by e-mail/SMS (issue 16): those who hand out the links.
  ["POST", "/api/groups/:groupId/invitations", [ADM, CT]],
  ["GET", "/staff/consents", [DIR, ADM, CT]],
  ["GET", "/staff/consents/:groupId", [DIR, ADM, CT]],
  ["POST", "/staff/consents/revoke-unclaimed", [ADM]],
  ["GET", "/staff/consents/:groupId/reissue", [ADM, CT]],
  ["POST", "/staff/consents/:groupId/reissue", [ADM, CT]],
  ["POST", "/staff/consents/:groupId/revoke-unclaimed", [ADM, CT]],
  ["POST", "/staff/consents/:groupId/student-link", [ADM, CT]],
  ["POST", "/staff/consents/:groupId/invitations", [ADM, CT]],
  ["GET", "/staff/roster", [ADM, CT]],
  ["GET", "/staff/roster/template.csv", [ADM, CT]],
  ["POST", "/staff/roster/import", [ADM, CT]],
  // Students' movement (clause 2.3, issue 15): the administrator moves, the director reads.
  ["POST", "/staff/roster/preview", [ADM, CT]],
  ["POST", "/staff/roster/import/confirm", [ADM, CT]],
  ["POST", "/api/roster/preview", [ADM, CT]],
  ["GET", "/staff/students", [DIR, ADM]],
  ["GET", "/staff/students/:studentId", [DIR, ADM]],
  ["POST", "/staff/students/:studentId/transfer", [ADM]],
  ["POST", "/staff/students/:studentId/leave", [ADM]],
  ["POST", "/staff/students/:studentId/return", [ADM]],
  ["GET", "/api/students/:studentId", [DIR, ADM]],
  ["POST", "/api/students/:studentId/transfer", [ADM]],
  ["POST", "/api/students/:studentId/leave", [ADM]],
  ["POST", "/api/students/:studentId/return", [ADM]],
  ["POST", "/api/groups/:groupId/rename", [ADM]],
  // A new academic year: the administrator renames and promotes groups, the director reads the list.
  ["GET", "/staff/groups", [DIR, ADM]],
  ["POST", "/staff/groups/:groupId/rename", [ADM]],
  ["GET", "/staff/groups/promote", [ADM]],
  ["POST", "/staff/groups/promote", [ADM]],
  ["POST", "/api/groups/promote", [ADM]],
  // The group chat (2.5, 2.3) and the campaign view (issue 16).
  ["GET", "/staff/consents/:groupId/chat", [DIR, ADM, CT]],
  ["POST", "/staff/consents/:groupId/chat", [ADM, CT]],
  ["POST", "/staff/consents/:groupId/chat/revoked", [ADM]],
  ["GET", "/api/groups/:groupId/chat", [DIR, ADM, CT]],
  ["PUT", "/api/groups/:groupId/chat", [ADM, CT]],
  ["POST", "/api/groups/:groupId/chat/revoked", [ADM]],
  ["GET", "/staff/campaign", [DIR, ADM]],
  ["GET", "/api/campaign", [DIR, ADM]],
  // Signing out of the API ends the session it is sent with: last, so it ends nothing still needed.
  ["POST", "/api/auth/logout", "any"],
];

const ROLES_UNDER_TEST: Role[] = [
  "director",
  "council_secretary",
  "administrator",
  "class_teacher",
  "teacher",
  "employee",
];

let t: TestApp;
const sessions = new Map<Role, TestSession>();
const params: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp();
  for (const role of ROLES_UNDER_TEST) {
    // Class teachers get their role by the director's order below; the others hold it directly.
    const roles: Role[] = role === "class_teacher" ? ["teacher"] : [role];
    sessions.set(role, await t.signIn(roles, { pedagogical: role !== "employee" }));
  }
  const json = (s: TestSession, body: unknown) => ({
    method: "POST",
    headers: { ...s.bearer, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const admin = sessions.get("administrator")!;
  const imported = await t.app.request("/api/roster/import", {
    method: "POST",
    headers: { ...admin.bearer, "content-type": "text/csv" },
    body: "Группа;ФИО обучающегося;ФИО родителя (законного представителя)\nМТ-11;Андреев Павел Олегович;Андреева Мария Ивановна\n",
  });
  expect(imported.status).toBe(200);
  const groups = (await (await t.app.request("/api/groups", { headers: admin.bearer })).json()) as any;
  params.groupId = groups.groups[0].groupId;
  const students = (await (
    await t.app.request(`/api/students?group=${params.groupId}`, { headers: admin.bearer })
  ).json()) as any;
  params.studentId = students.students[0].studentId;
  const classTeacher = sessions.get("class_teacher")!;
  const order = await t.app.request(
    "/api/orders/class-teacher-assignments",
    json(sessions.get("director")!, {
      assignments: [{ groupId: params.groupId, staffId: classTeacher.staff.staffId }],
    }),
  );
  expect(order.status).toBe(201);
  const issued = (await order.json()) as any;
  params.orderId = issued.orderId;
  params.staffId = classTeacher.staff.staffId;
  params.orderDocumentId = issued.documentId;
  const version = await t.app.request("/api/regulations", json(admin, { source: "template" }));
  expect(version.status).toBe(201);
  params.versionId = ((await version.json()) as any).versionId;
  params.meetingId = "00000000-0000-4000-8000-000000000000";
});

const fill = (path: string) =>
  path.replace(/:(\w+)/g, (_, name: string) => params[name] ?? `missing-${name}`);

function request(method: string, path: string, session?: TestSession) {
  const isApi = path.startsWith("/api/");
  const headers: Record<string, string> = { origin: "http://localhost" };
  if (session) Object.assign(headers, isApi ? session.bearer : session.cookie);
  if (method === "GET") return t.app.request(fill(path), { headers });
  if (isApi) {
    return t.app.request(fill(path), {
      method,
      headers: { ...headers, "content-type": "application/json" },
      body: "{}",
    });
  }
  const body = new URLSearchParams(session ? { _csrf: session.csrf } : {});
  return t.app.request(fill(path), {
    method,
    headers: { ...headers, "content-type": "application/x-www-form-urlencoded" },
    body,
  });
}

describe("role matrix", () => {
  it.each(MATRIX)("%s %s without a session: 401, or sign-in for pages", async (method, path) => {
    const res = await request(method, path);
    if (path.startsWith("/api/") || method !== "GET") expect(res.status).toBe(401);
    else {
      expect(res.status).toBe(303);
      expect(res.headers.get("location")).toMatch(/^\/login\?next=/);
    }
  });

  it.each(MATRIX)("%s %s reaches exactly the roles %j", async (method, path, allowed) => {
    const outcome: Record<string, "allowed" | "forbidden"> = {};
    for (const role of ROLES_UNDER_TEST) {
      const res = await request(method, path, sessions.get(role));
      expect(res.status, `${role} ${method} ${path}`).not.toBe(401);
      expect(res.status, `${role} ${method} ${path}`).toBeLessThan(500);
      outcome[role] = res.status === 403 ? "forbidden" : "allowed";
    }
    const expected = Object.fromEntries(
      ROLES_UNDER_TEST.map((r) => [r, allowed === "any" || allowed.includes(r) ? "allowed" : "forbidden"]),
    );
    expect(outcome).toEqual(expected);
  });
});
