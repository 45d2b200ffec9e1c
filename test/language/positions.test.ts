import { personForms } from "@soglasie/core/language/person-forms";
import { inSentence, type PositionCases, positionCases } from "@soglasie/core/language/positions";
import { positionFormsOf } from "@soglasie/core/staff/grammar";
import { describe, expect, it } from "vitest";

/**
 * The default case forms of staff positions: the head noun and the adjectives before it decline,
 * the rest stays; persons, so the masculine accusative is the genitive («назначить преподавателя»).
 * Each row: position → genitive, dative, accusative, instrumental (inside a sentence).
 */
const TABLE: Array<[string, PositionCases]> = [
  [
    "Преподаватель информатики",
    {
      genitive: "преподавателя информатики",
      dative: "преподавателю информатики",
      accusative: "преподавателя информатики",
      instrumental: "преподавателем информатики",
    },
  ],
  [
    "Старший мастер",
    {
      genitive: "старшего мастера",
      dative: "старшему мастеру",
      accusative: "старшего мастера",
      instrumental: "старшим мастером",
    },
  ],
  [
    "Заместитель директора по УВР",
    {
      genitive: "заместителя директора по УВР",
      dative: "заместителю директора по УВР",
      accusative: "заместителя директора по УВР",
      instrumental: "заместителем директора по УВР",
    },
  ],
  [
    "Заместитель директора по учебно-воспитательной работе",
    {
      genitive: "заместителя директора по учебно-воспитательной работе",
      dative: "заместителю директора по учебно-воспитательной работе",
      accusative: "заместителя директора по учебно-воспитательной работе",
      instrumental: "заместителем директора по учебно-воспитательной работе",
    },
  ],
  [
    "Социальный педагог",
    {
      genitive: "социального педагога",
      dative: "социальному педагогу",
      accusative: "социального педагога",
      instrumental: "социальным педагогом",
    },
  ],
  [
    "Педагог-организатор",
    {
      genitive: "педагога-организатора",
      dative: "педагогу-организатору",
      accusative: "педагога-организатора",
      instrumental: "педагогом-организатором",
    },
  ],
  [
    "Главный бухгалтер",
    {
      genitive: "главного бухгалтера",
      dative: "главному бухгалтеру",
      accusative: "главного бухгалтера",
      instrumental: "главным бухгалтером",
    },
  ],
  [
    "Мастер производственного обучения",
    {
      genitive: "мастера производственного обучения",
      dative: "мастеру производственного обучения",
      accusative: "мастера производственного обучения",
      instrumental: "мастером производственного обучения",
    },
  ],
  [
    "Заведующий отделением",
    {
      genitive: "заведующего отделением",
      dative: "заведующему отделением",
      accusative: "заведующего отделением",
      instrumental: "заведующим отделением",
    },
  ],
  [
    "Методистка",
    {
      genitive: "методистки",
      dative: "методистке",
      accusative: "методистку",
      instrumental: "методисткой",
    },
  ],
  [
    "Старшая медицинская сестра",
    {
      genitive: "старшей медицинской сестры",
      dative: "старшей медицинской сестре",
      accusative: "старшую медицинскую сестру",
      instrumental: "старшей медицинской сестрой",
    },
  ],
  [
    "Библиотекарь",
    {
      genitive: "библиотекаря",
      dative: "библиотекарю",
      accusative: "библиотекаря",
      instrumental: "библиотекарем",
    },
  ],
  ["Вахтёр", { genitive: "вахтёра", dative: "вахтёру", accusative: "вахтёра", instrumental: "вахтёром" }],
  [
    "Преподаватель, секретарь педагогического совета",
    {
      genitive: "преподавателя, секретаря педагогического совета",
      dative: "преподавателю, секретарю педагогического совета",
      accusative: "преподавателя, секретаря педагогического совета",
      instrumental: "преподавателем, секретарем педагогического совета",
    },
  ],
  [
    "Исполняющий обязанности директора",
    {
      genitive: "исполняющего обязанности директора",
      dative: "исполняющему обязанности директора",
      accusative: "исполняющего обязанности директора",
      instrumental: "исполняющим обязанности директора",
    },
  ],
  // An abbreviation is not declined: the director corrects such a position on the check page.
  [
    "ЗАМ по УВР",
    { genitive: "ЗАМ по УВР", dative: "ЗАМ по УВР", accusative: "ЗАМ по УВР", instrumental: "ЗАМ по УВР" },
  ],
];

describe("positions by case", () => {
  it.each(TABLE)("%s", (position, expected) => {
    expect(positionCases(position)).toEqual(expected);
  });

  it("puts a position inside a sentence in lower case, but not an abbreviation", () => {
    expect(inSentence("Преподаватель информатики")).toBe("преподаватель информатики");
    expect(inSentence("ЗАМ по УВР")).toBe("ЗАМ по УВР");
  });

  it("keeps the forms the director corrected and computes the rest", () => {
    expect(positionFormsOf("ЗАМ по УВР", { dative: "заместителю директора по УВР" })).toEqual({
      genitive: "ЗАМ по УВР",
      dative: "заместителю директора по УВР",
      accusative: "ЗАМ по УВР",
      instrumental: "ЗАМ по УВР",
    });
  });
});

describe("a person in an order", () => {
  it("declines the name and the position together, with the person's gender", () => {
    const forms = personForms({ name: "Смирнов Алексей Игоревич", position: "преподаватель информатики" });
    expect(`${forms.dative.position} ${forms.dative.name}`).toBe(
      "преподавателю информатики Смирнову Алексею Игоревичу",
    );
    expect(`${forms.accusative.position} ${forms.accusative.name}`).toBe(
      "преподавателя информатики Смирнова Алексея Игоревича",
    );
    expect(forms.acquainted).toBe("ознакомлен");
  });

  it.each([
    // Names that must not change, double surnames, ё; the position declines all the same.
    ["Черных Ольга Петровна", "Черных Ольге Петровне", "ознакомлена"],
    ["Черных Игорь Сергеевич", "Черных Игорю Сергеевичу", "ознакомлен"],
    ["Ким Юлия Сергеевна", "Ким Юлии Сергеевне", "ознакомлена"],
    ["Дурново Пётр Андреевич", "Дурново Петру Андреевичу", "ознакомлен"],
    ["Николаева-Щедрина Мария Юрьевна", "Николаевой-Щедриной Марии Юрьевне", "ознакомлена"],
    ["Ёлкин Семён Фёдорович", "Ёлкину Семёну Фёдоровичу", "ознакомлен"],
  ])("%s → %s", (name, dative, acquainted) => {
    const forms = personForms({ name, position: "социальный педагог" });
    expect(`${forms.dative.position} ${forms.dative.name}`).toBe(`социальному педагогу ${dative}`);
    expect(forms.acquainted).toBe(acquainted);
  });

  it("takes the gender from the record when the name does not tell it", () => {
    // «Саша»: no patronymic, a first name of either gender. A wrong ending is worse than none.
    const unknown = personForms({ name: "Ким Саша", position: "методист" });
    expect(unknown.acquainted).toBe("ознакомлен(а)");
    expect(unknown.dative.name).toBe("Ким Саша");
    const female = personForms({ name: "Ким Саша", position: "методист", gender: "female" });
    expect(female.dative).toEqual({ name: "Ким Саше", position: "методисту" });
    expect(female.acquainted).toBe("ознакомлена");
  });
});
