import { maskEmail, maskPhone, normalizeContact } from "@soglasie/core/messages/contacts";
import {
  isQuietHour,
  nextSendableTime,
  optOutStops,
  reminderDueAt,
  retryDelaySeconds,
} from "@soglasie/core/messages/rules";
import { renderMessage } from "@soglasie/core/messages/templates";
import { describe, expect, it } from "vitest";

const chita = { timeZone: "Asia/Chita", fromHour: 21, toHour: 9 };

describe("messaging rules", () => {
  it("keeps quiet hours in the college's zone, whatever the server's, across midnight and zones", () => {
    // 20:59 and 21:00 in Chita (UTC+9).
    expect(isQuietHour(new Date("2026-12-01T11:59:00Z"), chita)).toBe(false);
    expect(isQuietHour(new Date("2026-12-01T12:00:00Z"), chita)).toBe(true);
    expect(nextSendableTime(new Date("2026-12-01T12:00:00Z"), chita).toISOString()).toBe(
      "2026-12-02T00:00:00.000Z",
    );
    // 03:30 local: the same morning's 09:00; 09:00 itself is allowed.
    expect(nextSendableTime(new Date("2026-12-01T18:30:00Z"), chita).toISOString()).toBe(
      "2026-12-02T00:00:00.000Z",
    );
    expect(isQuietHour(new Date("2026-12-02T00:00:00Z"), chita)).toBe(false);
    // The same instant is daytime in Moscow (15:00) but night in Chita (21:00).
    const moscow = { ...chita, timeZone: "Europe/Moscow" };
    expect(isQuietHour(new Date("2026-12-01T12:00:00Z"), moscow)).toBe(false);
    // A zone with summer time: 22:00 in New York on the eve of the switch → 09:00 local (13:00Z, EDT).
    const ny = { ...chita, timeZone: "America/New_York" };
    expect(nextSendableTime(new Date("2026-03-08T03:00:00Z"), ny).toISOString()).toBe(
      "2026-03-08T13:00:00.000Z",
    );
    // A window not crossing midnight, and none at all.
    expect(isQuietHour(new Date("2026-12-01T05:00:00Z"), { ...chita, fromHour: 13, toHour: 15 })).toBe(true);
    expect(isQuietHour(new Date("2026-12-01T12:00:00Z"), { ...chita, fromHour: 0, toHour: 0 })).toBe(false);
  });

  it("spaces reminders on the cadence and retries with growing waits", () => {
    const invited = new Date("2026-12-01T03:00:00Z");
    const c = { firstAfterDays: 5, everyDays: 3, max: 3 };
    expect([1, 2, 3, 4].map((n) => reminderDueAt(invited, n, c)?.toISOString().slice(0, 10))).toEqual([
      "2026-12-06",
      "2026-12-09",
      "2026-12-12",
      undefined,
    ]);
    const mid = () => 0.5;
    expect([1, 2, 3, 9].map((a) => retryDelaySeconds(a, mid))).toEqual([66, 264, 1056, 23760]);
  });

  it("masks contacts and renders short Russian texts from the templates", () => {
    expect(maskPhone(normalizeContact("sms", "8 914 123-45-01"))).toBe("+7 914 ***-**-01");
    expect(maskEmail(normalizeContact("email", " Ivanova@Mail.ru "))).toBe("i***@mail.ru");
    expect(() => normalizeContact("sms", "12345")).toThrow("Некорректный номер телефона");
    const vars = {
      org: { shortName: "ГПОУ «ЧПТК»" },
      group: "ТМ-21",
      expiresOn: "2026-12-31",
      link: "https://x.ru/c/abcdefghijklmnopqrstuv",
    };
    for (const name of ["invitation", "reminder"]) {
      const text = renderMessage(name, "sms", vars).text;
      expect(text.length).toBeLessThanOrEqual(160);
      expect(text).toContain("31.12.2026");
      const email = renderMessage(name, "email", { ...vars, student: "Иванов И. И.", sender: "ГПОУ «ЧПТК»" });
      expect(email.subject).toMatch(/«Сферум/);
      expect(email.text).toContain("Обучающийся: Иванов И. И., группа ТМ-21.");
      // The adult student answers for themself: no «вашего ребёнка».
      const adult = renderMessage(name, "email", {
        ...vars,
        student: "Иванов И. И.",
        sender: "С",
        adult: "1",
      });
      expect(adult.text).toContain("на своё участие в учебных чатах «Сферума» (группа ТМ-21)");
      expect(adult.text).not.toContain("ребёнка");
    }
  });
});

describe("opt-out", () => {
  it("stops invitations and reminders, not a confirmation code the person asked for", () => {
    expect(optOutStops("invitation")).toBe(true);
    expect(optOutStops("reminder")).toBe(true);
    expect(optOutStops("code")).toBe(false);
  });
});
