import type { Role } from "@soglasie/core/staff/roles";

export interface DemoStaff {
  email: string;
  fullName: string;
  position: string;
  pedagogical: boolean;
  roles: Role[];
  /** When the patronymic does not tell (documents then write «ознакомлена»). */
  gender?: "male" | "female";
  /** Work phone, for the «отметка об исполнителе» of the documents this person prepares. */
  phone?: string;
}

/** The demo college's staff. The administrator role is granted here directly; in real use by order. */
export const DEMO_STAFF: DemoStaff[] = [
  {
    email: "director@demo.local",
    fullName: "Иванова Светлана Петровна",
    position: "Директор",
    pedagogical: false,
    roles: ["director", "employee"],
    phone: "+7 3022 32-45-67",
  },
  {
    email: "secretary@demo.local",
    fullName: "Кузнецова Ольга Викторовна",
    position: "Преподаватель, секретарь педагогического совета",
    pedagogical: true,
    roles: ["council_secretary", "teacher"],
  },
  {
    email: "admin@demo.local",
    fullName: "Смирнов Алексей Игоревич",
    position: "Преподаватель информатики",
    pedagogical: true,
    roles: ["administrator", "teacher"],
  },
  {
    email: "teacher1@demo.local",
    fullName: "Петрова Наталья Сергеевна",
    position: "Преподаватель",
    pedagogical: true,
    roles: ["class_teacher", "teacher"],
  },
  {
    email: "teacher2@demo.local",
    fullName: "Соколов Дмитрий Андреевич",
    position: "Преподаватель",
    pedagogical: true,
    roles: ["class_teacher", "teacher"],
  },
  {
    email: "methodist@demo.local",
    fullName: "Волкова Елена Николаевна",
    position: "Методист",
    pedagogical: true,
    roles: ["teacher"],
  },
  {
    email: "accountant@demo.local",
    fullName: "Морозова Татьяна Юрьевна",
    position: "Главный бухгалтер",
    pedagogical: false,
    roles: ["employee"],
  },
  {
    // No patronymic: the gender is given, so documents write «ознакомлена» and decline «Ким» right.
    email: "pedagog@demo.local",
    fullName: "Ким Юлия",
    position: "Педагог-организатор",
    pedagogical: true,
    roles: ["teacher"],
    gender: "female",
  },
];

export const DEFAULT_DEMO_PASSWORD = "demo-password-2026";
