import { columnOf } from "@soglasie/core/roster/csv";
import { ageOn, parseBirthDate } from "@soglasie/core/students/birth-date";
import { describe, expect, it } from "vitest";

const TODAY = "2026-11-25";

describe("dates of birth as Russian offices write them", () => {
  it("reads the usual forms", () => {
    for (const [text, iso] of [
      ["01.09.2008", "2008-09-01"],
      ["1.9.2008", "2008-09-01"],
      ["01/09/2008", "2008-09-01"],
      ["01-09-2008", "2008-09-01"],
      ["2008-09-01", "2008-09-01"],
      ["1 сентября 2008", "2008-09-01"],
      ["1 сентября 2008 г.", "2008-09-01"],
      ["01 Сентября 2008 года", "2008-09-01"],
      ["29 февраля 2008", "2008-02-29"],
      ["15 мая 2009г.", "2009-05-15"],
    ]) {
      expect(parseBirthDate(text!, TODAY), text).toEqual({ ok: true, date: iso });
    }
  });

  it("refuses what cannot be read surely, with a reason", () => {
    const message = (text: string) => {
      const r = parseBirthDate(text, TODAY);
      return r.ok ? "" : r.message;
    };
    expect(message("01.09.08")).toContain("четырьмя цифрами");
    expect(message("31.02.2008")).toContain("нет в календаре");
    expect(message("29.02.2009")).toContain("нет в календаре");
    expect(message("01.01.2027")).toContain("в будущем");
    expect(message("1 брюмера 2008")).toContain("месяц");
    expect(message("вчера")).toContain("01.09.2008");
    expect(message("01.01.1900")).toContain("год");
  });

  it("counts full years, the birthday included; 29 February turns a year older on 1 March", () => {
    expect(ageOn("2008-11-25", "2026-11-25")).toBe(18);
    expect(ageOn("2008-11-26", "2026-11-25")).toBe(17);
    expect(ageOn("2008-02-29", "2026-02-28")).toBe(17);
    expect(ageOn("2008-02-29", "2026-03-01")).toBe(18);
  });

  it("recognises the new roster columns by their Russian headers", () => {
    expect(columnOf("Дата рождения")).toBe("birthDate");
    expect(columnOf("Дата рождения обучающегося")).toBe("birthDate");
    expect(columnOf("Д.р.")).toBe("birthDate");
    expect(columnOf("Телефон обучающегося")).toBe("studentPhone");
    expect(columnOf("Телефон родителя обучающегося")).toBe("phone");
    expect(columnOf("Email студента")).toBe("studentEmail");
    expect(columnOf("Код обучающегося")).toBe("studentId");
    expect(columnOf("ID")).toBe("studentId");
    expect(columnOf("Код группы")).toBe("group");
    expect(columnOf("ФИО обучающегося")).toBe("student");
    expect(columnOf("№ п/п")).toBeUndefined();
  });
});
