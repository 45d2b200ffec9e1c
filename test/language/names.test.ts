import { describe, expect, it } from "vitest";
import {
  declineFullName,
  gendered,
  genderOf,
  initialsBeforeSurname,
} from "../../packages/core/src/language/names.js";

// Names chosen because they are easy to get wrong: surnames that never decline, women's surnames
// ending in a consonant, double surnames, ё, a Turkic patronymic.
const TABLE: Array<[string, string, string, string, string]> = [
  // nominative, genitive, dative, accusative, instrumental
  [
    "Смирнов Алексей Игоревич",
    "Смирнова Алексея Игоревича",
    "Смирнову Алексею Игоревичу",
    "Смирнова Алексея Игоревича",
    "Смирновым Алексеем Игоревичем",
  ],
  [
    "Ким Юлия Сергеевна",
    "Ким Юлии Сергеевны",
    "Ким Юлии Сергеевне",
    "Ким Юлию Сергеевну",
    "Ким Юлией Сергеевной",
  ],
  [
    "Ким Сергей Павлович",
    "Кима Сергея Павловича",
    "Киму Сергею Павловичу",
    "Кима Сергея Павловича",
    "Кимом Сергеем Павловичем",
  ],
  [
    "Черных Ольга Петровна",
    "Черных Ольги Петровны",
    "Черных Ольге Петровне",
    "Черных Ольгу Петровну",
    "Черных Ольгой Петровной",
  ],
  [
    "Шевчук Анна Ивановна",
    "Шевчук Анны Ивановны",
    "Шевчук Анне Ивановне",
    "Шевчук Анну Ивановну",
    "Шевчук Анной Ивановной",
  ],
  [
    "Дурново Пётр Николаевич",
    "Дурново Петра Николаевича",
    "Дурново Петру Николаевичу",
    "Дурново Петра Николаевича",
    "Дурново Петром Николаевичем",
  ],
  [
    "Кузнецова-Петрова Мария Алексеевна",
    "Кузнецовой-Петровой Марии Алексеевны",
    "Кузнецовой-Петровой Марии Алексеевне",
    "Кузнецову-Петрову Марию Алексеевну",
    "Кузнецовой-Петровой Марией Алексеевной",
  ],
  [
    "Ёлкин Семён Фёдорович",
    "Ёлкина Семёна Фёдоровича",
    "Ёлкину Семёну Фёдоровичу",
    "Ёлкина Семёна Фёдоровича",
    "Ёлкиным Семёном Фёдоровичем",
  ],
  [
    "Бондаренко Игорь Олегович",
    "Бондаренко Игоря Олеговича",
    "Бондаренко Игорю Олеговичу",
    "Бондаренко Игоря Олеговича",
    "Бондаренко Игорем Олеговичем",
  ],
  [
    "Гусейнов Эльдар Рашид оглы",
    "Гусейнова Эльдара Рашид оглы",
    "Гусейнову Эльдару Рашид оглы",
    "Гусейнова Эльдара Рашид оглы",
    "Гусейновым Эльдаром Рашид оглы",
  ],
];

describe("personal names by case", () => {
  it.each(TABLE)("%s", (nom, gen, dat, acc, ins) => {
    expect(declineFullName(nom, "nominative")).toBe(nom);
    expect(declineFullName(nom, "genitive")).toBe(gen);
    expect(declineFullName(nom, "dative")).toBe(dat);
    expect(declineFullName(nom, "accusative")).toBe(acc);
    expect(declineFullName(nom, "instrumental")).toBe(ins);
  });

  it("tells gender from the patronymic, then the first name", () => {
    expect(genderOf("Ким Юлия Сергеевна")).toBe("female");
    expect(genderOf("Черных Алексей Игоревич")).toBe("male");
    expect(genderOf("Гусейнов Эльдар Рашид оглы")).toBe("male");
    expect(genderOf("Петрова Анна")).toBe("female");
  });

  it("leaves a name whose gender cannot be told as written", () => {
    expect(declineFullName("Ли Саша", "dative")).toBe("Ли Саша");
  });

  it("writes initials before the surname, in the needed case", () => {
    expect(initialsBeforeSurname("Смирнов Алексей Игоревич")).toBe("А.И. Смирнов");
    expect(initialsBeforeSurname("Смирнов Алексей Игоревич", "dative")).toBe("А.И. Смирнову");
    expect(initialsBeforeSurname("Ким Юлия Сергеевна", "dative")).toBe("Ю.С. Ким");
    expect(initialsBeforeSurname("Иванов Иван")).toBe("И. Иванов");
  });

  it("picks the gendered form, or both when unknown", () => {
    expect(gendered("male", "ознакомлен", "ознакомлена")).toBe("ознакомлен");
    expect(gendered("female", "ознакомлен", "ознакомлена")).toBe("ознакомлена");
    expect(gendered(undefined, "ознакомлен", "ознакомлена")).toBe("ознакомлен(а)");
    expect(gendered(undefined, "назначенный", "назначенная")).toBe("назначенный (назначенная)");
  });
});
