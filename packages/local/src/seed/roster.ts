import type { Actor } from "@soglasie/core/audit/types";
import { GroupRepository } from "@soglasie/core/roster/group-repository";
import { type ImportResult, importRoster } from "@soglasie/core/roster/import";
import type { Services } from "@soglasie/core/services";
import { StaffRepository } from "@soglasie/core/staff/staff-repository";

/**
 * The demo roster: two groups of 25 students with their parents, group ТМ-21 bound to
 * teacher1@demo.local and ЭС-22 to teacher2@demo.local. Names are generated deterministically, so
 * seeding again finds the same students (the import is idempotent) and changes nothing.
 */
export const DEMO_GROUPS = [
  { code: "ТМ-21", teacherEmail: "teacher1@demo.local", seed: 21 },
  { code: "ЭС-22", teacherEmail: "teacher2@demo.local", seed: 22 },
] as const;

const STUDENTS_PER_GROUP = 25;

/** Surnames whose feminine form adds «а» (-ов, -ев, -ин). */
const SURNAMES = [
  "Иванов",
  "Смирнов",
  "Кузнецов",
  "Попов",
  "Васильев",
  "Петров",
  "Соколов",
  "Михайлов",
  "Новиков",
  "Фёдоров",
  "Морозов",
  "Волков",
  "Алексеев",
  "Лебедев",
  "Семёнов",
  "Егоров",
  "Павлов",
  "Козлов",
  "Степанов",
  "Николаев",
  "Орлов",
  "Андреев",
  "Макаров",
  "Никитин",
  "Захаров",
  "Зайцев",
  "Соловьёв",
  "Борисов",
  "Яковлев",
  "Григорьев",
  "Романов",
  "Воробьёв",
  "Сергеев",
  "Кузьмин",
  "Фролов",
  "Александров",
  "Дмитриев",
  "Королёв",
  "Гусев",
  "Киселёв",
  "Ильин",
  "Максимов",
  "Поляков",
  "Сорокин",
  "Виноградов",
  "Ковалёв",
  "Белов",
  "Медведев",
  "Антонов",
  "Тарасов",
];
const MALE = [
  "Александр",
  "Максим",
  "Артём",
  "Дмитрий",
  "Иван",
  "Михаил",
  "Кирилл",
  "Егор",
  "Никита",
  "Андрей",
  "Матвей",
  "Илья",
  "Алексей",
  "Роман",
  "Даниил",
  "Тимофей",
  "Владислав",
  "Арсений",
];
const FEMALE = [
  "Анастасия",
  "Мария",
  "Дарья",
  "Анна",
  "Елизавета",
  "Полина",
  "Виктория",
  "Екатерина",
  "Софья",
  "Алина",
  "Ксения",
  "Валерия",
  "Варвара",
  "Алёна",
  "Ульяна",
];
const FATHERS = [
  "Александр",
  "Сергей",
  "Андрей",
  "Алексей",
  "Дмитрий",
  "Евгений",
  "Игорь",
  "Владимир",
  "Николай",
  "Олег",
  "Павел",
  "Виктор",
  "Юрий",
  "Михаил",
  "Константин",
];
const MOTHERS = [
  "Елена",
  "Ольга",
  "Наталья",
  "Татьяна",
  "Светлана",
  "Ирина",
  "Юлия",
  "Анна",
  "Марина",
  "Екатерина",
  "Оксана",
  "Людмила",
  "Галина",
];
const GRANDFATHERS = [
  "Иван",
  "Пётр",
  "Николай",
  "Василий",
  "Виктор",
  "Анатолий",
  "Геннадий",
  "Валерий",
  "Борис",
  "Григорий",
  "Степан",
];

const PATRONYMIC: Record<string, [string, string]> = {
  Александр: ["Александрович", "Александровна"],
  Сергей: ["Сергеевич", "Сергеевна"],
  Андрей: ["Андреевич", "Андреевна"],
  Алексей: ["Алексеевич", "Алексеевна"],
  Дмитрий: ["Дмитриевич", "Дмитриевна"],
  Евгений: ["Евгеньевич", "Евгеньевна"],
  Игорь: ["Игоревич", "Игоревна"],
  Владимир: ["Владимирович", "Владимировна"],
  Николай: ["Николаевич", "Николаевна"],
  Олег: ["Олегович", "Олеговна"],
  Павел: ["Павлович", "Павловна"],
  Виктор: ["Викторович", "Викторовна"],
  Юрий: ["Юрьевич", "Юрьевна"],
  Михаил: ["Михайлович", "Михайловна"],
  Константин: ["Константинович", "Константиновна"],
  Иван: ["Иванович", "Ивановна"],
  Пётр: ["Петрович", "Петровна"],
  Василий: ["Васильевич", "Васильевна"],
  Анатолий: ["Анатольевич", "Анатольевна"],
  Геннадий: ["Геннадьевич", "Геннадьевна"],
  Валерий: ["Валерьевич", "Валерьевна"],
  Борис: ["Борисович", "Борисовна"],
  Григорий: ["Григорьевич", "Григорьевна"],
  Степан: ["Степанович", "Степановна"],
};

/** A small deterministic generator (the same demo every time). */
function generator(seed: number) {
  let state = seed * 2654435761;
  return (n: number) => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return (state >>> 8) % n;
  };
}

const pick = <T>(list: readonly T[], next: (n: number) => number) => list[next(list.length)]!;
const feminine = (surname: string) => `${surname}а`;

export interface DemoRow {
  group: string;
  student: string;
  parent: string;
  phone: string;
}

/** The demo rows of one group: unique student names, mostly mothers, some fathers. */
export function demoRows(code: string, seed: number, count = STUDENTS_PER_GROUP): DemoRow[] {
  const next = generator(seed);
  const rows: DemoRow[] = [];
  const used = new Set<string>();
  while (rows.length < count) {
    const surname = pick(SURNAMES, next);
    const father = pick(FATHERS, next);
    const male = next(2) === 0;
    const student = male
      ? `${surname} ${pick(MALE, next)} ${PATRONYMIC[father]![0]}`
      : `${feminine(surname)} ${pick(FEMALE, next)} ${PATRONYMIC[father]![1]}`;
    if (used.has(student)) continue;
    used.add(student);
    const byFather = next(4) === 0;
    const grandfather = pick(GRANDFATHERS, next);
    const parent = byFather
      ? `${surname} ${father} ${PATRONYMIC[grandfather]![0]}`
      : `${feminine(surname)} ${pick(MOTHERS, next)} ${PATRONYMIC[grandfather]![1]}`;
    const phone = `+7914${String(1_000_000 + next(8_999_999)).padStart(7, "0")}`;
    rows.push({ group: code, student, parent, phone });
  }
  return rows;
}

export interface RosterSeedReport {
  imported: number;
  bound: number;
}

export async function seedRoster(
  services: Services,
  actor: Actor,
  onProgress?: (step: string) => void,
): Promise<RosterSeedReport> {
  onProgress?.("roster");
  const rows = DEMO_GROUPS.flatMap((g) => demoRows(g.code, g.seed));
  const result: ImportResult = await importRoster(
    services,
    rows.map((values, i) => ({ row: i + 2, values })),
    actor,
    { createGroups: true },
  );
  const groups = new GroupRepository(services);
  const staff = new StaffRepository(services);
  let bound = 0;
  for (const g of DEMO_GROUPS) {
    const [group, teacher] = await Promise.all([
      groups.findByCode(g.code, true),
      staff.findByEmail(g.teacherEmail),
    ]);
    if (!group || !teacher || group.classTeacherIds.length > 0) continue;
    await groups.setClassTeachers(group.groupId, [teacher.staffId], actor);
    bound++;
  }
  return { imported: result.imported, bound };
}
