import { createTestApp, type TestApp, TestClock, type TestSession } from "../support/app.js";

/** A college of one group (three students) with its administrator, class teacher and live links. */
export interface SecurityStack {
  t: TestApp;
  admin: TestSession;
  teacher: TestSession;
  groupId: string;
  /** Personal link tokens, one per student. */
  tokens: string[];
}

const ROSTER =
  "Группа;ФИО обучающегося;ФИО родителя (законного представителя)\n" +
  "БУ-31;Сергеев Антон Павлович;Сергеева Ирина Олеговна\n" +
  "БУ-31;Тихонова Дарья Игоревна;Тихонов Игорь Львович\n" +
  "БУ-31;Уварова Нина Андреевна;Уварова Ольга Петровна\n";

export async function securityStack(
  opts: { config?: NonNullable<Parameters<typeof createTestApp>[0]>["config"] } = {},
): Promise<SecurityStack> {
  const t = await createTestApp({
    clock: new TestClock(new Date("2026-11-25T03:00:00Z")),
    ...(opts.config ? { config: opts.config } : {}),
  });
  const admin = await t.signIn(["administrator", "teacher"]);
  const imported = await t.app.request("/api/roster/import", {
    method: "POST",
    headers: { ...admin.bearer, "content-type": "text/csv" },
    body: ROSTER,
  });
  if (imported.status !== 200) throw new Error(`roster import ${imported.status}: ${await imported.text()}`);
  const groups = (await (await t.app.request("/api/groups", { headers: admin.bearer })).json()) as {
    groups: Array<{ groupId: string }>;
  };
  const groupId = groups.groups[0]!.groupId;
  const teacher = await t.signIn(["teacher"]);
  const director = await t.signIn(["director"]);
  const order = await t.app.request("/api/orders/class-teacher-assignments", {
    method: "POST",
    headers: { ...director.bearer, "content-type": "application/json" },
    body: JSON.stringify({ assignments: [{ groupId, staffId: teacher.staff.staffId }] }),
  });
  if (order.status !== 201) throw new Error(`class teacher order ${order.status}: ${await order.text()}`);
  const links = await t.app.request(`/api/groups/${groupId}/links.csv`, { headers: admin.bearer });
  const tokens = [...(await links.text()).matchAll(/\/c\/([A-Za-z0-9_-]{22})/g)].map((m) => m[1]!);
  if (tokens.length !== 3) throw new Error(`expected 3 links, got ${tokens.length}`);
  return { t, admin, teacher: await t.session(teacher.staff), groupId, tokens };
}

/** JSON of a response, typed loosely for assertions. */
export const bodyOf = async (res: Response): Promise<any> => res.json();
