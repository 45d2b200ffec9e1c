import { ValidationError } from "@soglasie/core/errors";
import { columnOf, decodeRoster, detectDelimiter, parseRoster } from "@soglasie/core/roster/csv";
import {
  displayGroupCode,
  displayName,
  groupCodeKey,
  nameKey,
  normalizePhone,
  shortName,
} from "@soglasie/core/roster/normalize";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";

const utf8 = (s: string) => new TextEncoder().encode(s);
const RU =
  "Группа;ФИО обучающегося;ФИО родителя (законного представителя);Телефон;Email\r\nТМ-21;Иванов Иван Иванович;Иванова Мария Петровна;89141234567;m@example.ru\r\n";

describe("roster files as offices save them", () => {
  it("reads UTF-8 with a BOM, `;` and Russian headers", () => {
    const parsed = parseRoster(utf8(`\uFEFF${RU}`));
    expect(parsed).toMatchObject({ encoding: "utf-8", delimiter: ";" });
    expect(parsed.rows).toEqual([
      {
        row: 2,
        values: {
          group: "ТМ-21",
          student: "Иванов Иван Иванович",
          parent: "Иванова Мария Петровна",
          phone: "89141234567",
          email: "m@example.ru",
        },
      },
    ]);
  });

  it("reads Windows-1251 (Excel on Russian Windows) the same way", () => {
    const bytes = iconv.encode(RU, "win1251");
    expect(() => new TextDecoder("utf-8", { fatal: true }).decode(bytes)).toThrow();
    const parsed = parseRoster(new Uint8Array(bytes));
    expect(parsed.encoding).toBe("windows-1251");
    expect(parsed.rows[0]!.values.student).toBe("Иванов Иван Иванович");
    expect(parsed.rows[0]!.values.parent).toBe("Иванова Мария Петровна");
  });

  it("reads UTF-8 without BOM, `,`, English headers and quoted cells", () => {
    const parsed = parseRoster(
      utf8(
        'group,student,parent,phone,email\n"ЭС-22","Ёлкина Алёна Игоревна","Ёлкина Ольга Сергеевна, мать","+7 (914) 000-11-22",\n',
      ),
    );
    expect(parsed.delimiter).toBe(",");
    expect(parsed.rows[0]!.values).toMatchObject({
      group: "ЭС-22",
      student: "Ёлкина Алёна Игоревна",
      parent: "Ёлкина Ольга Сергеевна, мать",
    });
  });

  it("reads UTF-16 «Unicode text» with tabs", () => {
    const text = "Группа\tОбучающийся\tРодитель\nТМ-21\tПетров Пётр Петрович\tПетрова Анна Ивановна\n";
    const bytes = new Uint8Array([0xff, 0xfe, ...Buffer.from(text, "utf16le")]);
    const parsed = parseRoster(bytes);
    expect(parsed).toMatchObject({ encoding: "utf-16le", delimiter: "\t" });
    expect(parsed.rows[0]!.values.student).toBe("Петров Пётр Петрович");
  });

  it("numbers rows as a spreadsheet does, skipping blank lines and keeping unknown columns out", () => {
    const parsed = parseRoster(
      utf8("№;Группа;ФИО обучающегося;ФИО родителя\n1;ТМ-21;А Б;В Г\n\n;;;\n2;ТМ-21;Д Е;Ж З\n"),
    );
    expect(parsed.rows.map((r) => r.row)).toEqual([2, 5]);
    expect(parsed.rows[1]!.values).toEqual({
      group: "ТМ-21",
      student: "Д Е",
      parent: "Ж З",
      phone: undefined,
      email: undefined,
    });
  });

  it("refuses a file without the required columns, naming them", () => {
    try {
      parseRoster(utf8("Фамилия;Имя\nИванов;Иван\n"));
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).message).toContain("«Группа»");
      expect((error as ValidationError).message).toContain("«ФИО обучающегося»");
    }
    expect(() => parseRoster(utf8("  \n"))).toThrow(ValidationError);
    expect(() => parseRoster(utf8('Группа;Обучающийся;Родитель\n"ТМ-21;Иванов'))).toThrow(ValidationError);
  });

  it("recognises the headers people actually write", () => {
    expect(columnOf("ФИО родителя (законного представителя)")).toBe("parent");
    expect(columnOf("ФИО родителя обучающегося")).toBe("parent");
    expect(columnOf("Законный представитель")).toBe("parent");
    expect(columnOf("ФИО обучающегося")).toBe("student");
    expect(columnOf("Студент")).toBe("student");
    expect(columnOf("Учебная группа")).toBe("group");
    expect(columnOf("Телефон родителя")).toBe("phone");
    expect(columnOf("E-mail")).toBe("email");
    expect(columnOf("Эл. почта")).toBe("email");
    expect(columnOf("№ п/п")).toBeUndefined();
    expect(detectDelimiter('"a;b",c,d')).toBe(",");
    expect(decodeRoster(utf8("abc")).encoding).toBe("utf-8");
  });
});

describe("normalisation", () => {
  it("makes differently typed group codes and names the same identity", () => {
    expect(groupCodeKey("тм - 21")).toBe(groupCodeKey("ТМ-21"));
    expect(groupCodeKey("TM-21")).toBe(groupCodeKey("ТМ-21")); // Latin T and M
    expect(groupCodeKey("ТМ–21")).toBe(groupCodeKey("ТМ-21")); // en dash
    expect(groupCodeKey("ТМ 21")).toBe(groupCodeKey("ТМ-21"));
    expect(groupCodeKey("ПКС-22/1")).not.toBe(groupCodeKey("ПКС-221"));
    expect(displayGroupCode(" ТМ – 21 ")).toBe("ТМ-21");
    expect(nameKey("Семёнов  Пётр")).toBe(nameKey("семенов петр"));
    expect(displayName("ИВАНОВА-ПЕТРОВА  мария")).toBe("Иванова-Петрова Мария");
    expect(displayName("МакКензи Анна")).toBe("МакКензи Анна");
    expect(shortName("Иванов Иван Иванович")).toBe("Иванов И. И.");
    expect(shortName("Ли Мин")).toBe("Ли М.");
  });

  it("accepts Russian phone numbers in any usual notation", () => {
    expect(normalizePhone("8 (914) 123-45-67")).toBe("+79141234567");
    expect(normalizePhone("+7 914 123 45 67")).toBe("+79141234567");
    expect(normalizePhone("9141234567")).toBe("+79141234567");
    expect(normalizePhone("12345")).toBeUndefined();
    expect(normalizePhone("+1 212 555 0100")).toBeUndefined();
  });
});
