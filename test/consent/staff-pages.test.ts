import { GroupRepository } from "@soglasie/core/roster/group-repository";
import { beforeAll, describe, expect, it } from "vitest";
import { SYSTEM, type TestSession } from "../support/app.js";
import { type ConsentTestApp, consentTestApp, groupIdByCode, importRoster, rosterCsv } from "./support.js";

/**
 * The smaller things staff tripped on (issue 14): a PDF uploaded as a roster gets one clear
 * message, the director's overview does not call every group «Мои группы», and the slips of those
 * who have not answered have a file name of their own.
 */
let t: ConsentTestApp;
let admin: TestSession;
let groupId: string;

beforeAll(async () => {
  t = await consentTestApp();
  admin = await t.signIn(["administrator"]);
  await importRoster(t, admin, rosterCsv([["ПК-12", "Яковлев Артём Денисович", "Яковлева Инна Олеговна"]]));
  groupId = await groupIdByCode(t, admin, "ПК-12");
});

const PDF = new TextEncoder().encode("%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n");

describe("staff pages: the smaller items", () => {
  it("answers a PDF uploaded as a roster with one clear message, on the page and in the API", async () => {
    const body = new FormData();
    body.set("_csrf", admin.csrf);
    body.set("file", new File([PDF], "список.pdf", { type: "application/pdf" }));
    const res = await t.app.request("/staff/roster/import", {
      method: "POST",
      body,
      headers: { ...admin.cookie, origin: "http://localhost" },
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    const reason = "Это файл PDF, а список загружается в формате CSV";
    expect(html.split(reason)).toHaveLength(2);
    expect(html).toContain("«CSV (разделители — точка с запятой)»");
    const summary = /<div class="error-summary".*?<\/div>/s.exec(html)![0];
    expect(summary).not.toContain("столбц");
    expect(html).toContain('href="#f-file"');

    const api = await t.app.request("/api/roster/import", {
      method: "POST",
      headers: { ...admin.bearer, "content-type": "application/octet-stream" },
      body: PDF,
    });
    expect(api.status).toBe(400);
    const json = (await api.json()) as { error: { fields?: Record<string, string[]> } };
    expect(json.error.fields?.file?.[0]).toContain(reason);
  });

  it("says «Все группы колледжа» to the director and the administrator, «Мои группы» to a class teacher", async () => {
    const director = await t.signIn(["director"]);
    for (const s of [director, admin]) {
      const html = await (await t.app.request("/staff/consents", { headers: s.cookie })).text();
      expect(html).toContain("Все группы колледжа");
      expect(html).not.toContain("Мои группы");
    }
    const teacher = await t.signIn(["class_teacher"]);
    await new GroupRepository(t.services).setClassTeachers(groupId, [teacher.staff.staffId], SYSTEM);
    const own = await (await t.app.request("/staff/consents", { headers: teacher.cookie })).text();
    expect(own).toContain("Мои группы");
  });

  it("names the slips of those who have not answered differently from all slips", async () => {
    const all = await t.app.request(`/api/groups/${groupId}/links.pdf`, { headers: admin.bearer });
    const pending = await t.app.request(`/api/groups/${groupId}/links.pdf?only=pending`, {
      headers: admin.bearer,
    });
    const name = (r: Response) =>
      decodeURIComponent(/filename\*=UTF-8''([^;]+)/.exec(r.headers.get("content-disposition")!)![1]!);
    expect(name(all)).toBe("Ссылки_ПК-12.pdf");
    expect(name(pending)).toBe("Ссылки_не_ответившие_ПК-12.pdf");
  });
});
