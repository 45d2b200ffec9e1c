import type { DocumentInput } from "../schemas.js";
import type { DocumentType } from "../types.js";

/** Demo data for every document type: samples, warm-up, tests and benchmarks. */
export const DEMO_DATA: { [T in DocumentType]: DocumentInput<T> } = {
  regulation: {
    adoption: { date: "2026-11-10", protocolNumber: "3" },
    approval: { date: "2026-11-12", orderNumber: "145-од" },
  },
  "protocol-extract": {
    meetingDate: "2026-11-10",
    protocolNumber: "3",
    membersTotal: 48,
    membersPresent: 41,
    agendaNumber: 1,
    agendaItem:
      "О принятии Положения об использовании информационно-коммуникационной образовательной платформы «Сферум» в национальном мессенджере «MAX»",
    heard:
      "Заместителя директора по учебно-воспитательной работе Петрову А. А., которая представила проект Положения и пояснила порядок получения согласий родителей (законных представителей) обучающихся.",
    votes: { for: 39, against: 0, abstained: 2 },
    decision:
      "Принять Положение об использовании информационно-коммуникационной образовательной платформы «Сферум» в национальном мессенджере «MAX» при реализации образовательных программ, программ внеурочной деятельности и дополнительного образования и представить его на утверждение директору колледжа.",
    chair: "Иванова Светлана Петровна",
    secretary: "Ёлкина Ольга Игоревна",
    certification: {
      name: "Ёлкина Ольга Игоревна",
      position: "Секретарь педагогического совета",
      date: "2026-11-11",
    },
  },
  "order-approve-regulation": {
    council: { date: "2026-11-10", protocolNumber: "3" },
    effectiveDate: "2026-11-12",
    responsible: {
      name: "Петрова Анна Андреевна",
      position: "заместитель директора по учебно-воспитательной работе",
    },
    signer: { name: "Иванова Светлана Петровна", position: "Директор" },
    executor: { name: "Иванова Светлана Петровна", phone: "+7 3022 32-45-67" },
    acquaintances: [
      {
        name: "Петрова Анна Андреевна",
        position: "заместитель директора по учебно-воспитательной работе",
      },
    ],
  },
  "order-appoint-administrator": {
    appointee: { name: "Кузнецов Игорь Сергеевич", position: "преподаватель информатики" },
    effectiveDate: "2026-11-16",
    controller: {
      name: "Петрова Анна Андреевна",
      position: "заместитель директора по учебно-воспитательной работе",
    },
    regulation: { date: "2026-11-12", orderNumber: "145-од" },
    signer: { name: "Иванова Светлана Петровна", position: "Директор" },
    executor: { name: "Иванова Светлана Петровна", phone: "+7 3022 32-45-67" },
    acquaintances: [
      { name: "Кузнецов Игорь Сергеевич", position: "преподаватель информатики" },
      {
        name: "Петрова Анна Андреевна",
        position: "заместитель директора по учебно-воспитательной работе",
      },
    ],
  },
  "order-assign-class-teachers": {
    academicYear: "2026/2027",
    assignments: [
      { group: "ТМ-21", teacher: "Смирнова Елена Викторовна", position: "преподаватель" },
      { group: "ЭС-22", teacher: "Соколов Дмитрий Алексеевич", position: "преподаватель" },
      { group: "ПКС-23", teacher: "Ёлкина Ольга Игоревна", position: "преподаватель" },
      {
        group: "СВ-24",
        teacher: "Николаева-Щедрина Мария Юрьевна",
        position: "мастер производственного обучения",
      },
    ],
    regulation: { date: "2026-11-12", orderNumber: "145-од" },
    signer: { name: "Иванова Светлана Петровна", position: "Директор" },
    executor: { name: "Иванова Светлана Петровна", phone: "+7 3022 32-45-67" },
    acquaintances: [
      { name: "Смирнова Елена Викторовна", position: "преподаватель" },
      { name: "Соколов Дмитрий Алексеевич", position: "преподаватель" },
      { name: "Ёлкина Ольга Игоревна", position: "преподаватель" },
      { name: "Николаева-Щедрина Мария Юрьевна", position: "мастер производственного обучения" },
    ],
  },
  consent: {
    student: { name: "Волков Артём Денисович", group: "ТМ-21" },
    parent: { name: "Волкова Наталья Сергеевна", relation: "mother" },
    decidedAt: "2026-11-20T10:04:05.000Z",
    typedName: "Волкова Наталья Сергеевна",
    regulation: { date: "2026-11-12", orderNumber: "145-од" },
  },
  refusal: {
    student: { name: "Зайцева Алёна Павловна", group: "ЭС-22" },
    parent: { name: "Зайцев Павел Николаевич", relation: "father" },
    decidedAt: "2026-11-21T02:30:00.000Z",
    typedName: "Зайцев Павел Николаевич",
    channels: ["diary", "parent-meetings"],
    regulation: { date: "2026-11-12", orderNumber: "145-од" },
  },
  acknowledgment: {
    regulation: { date: "2026-11-12", orderNumber: "145-од" },
    entries: [
      {
        name: "Петрова Анна Андреевна",
        position: "заместитель директора по УВР",
        date: "2026-11-13",
        time: "09:41",
        record: "3F2A9C1B",
      },
      {
        name: "Кузнецов Игорь Сергеевич",
        position: "преподаватель информатики",
        date: "2026-11-16",
        time: "14:05",
        record: "7C0D52E4",
      },
      { name: "Смирнова Елена Викторовна", position: "преподаватель" },
    ],
  },
  "order-acknowledgment": {
    order: {
      number: "146-од",
      date: "2026-11-13",
      title: "О назначении администратора ИКОП «Сферум»",
    },
    entries: [
      {
        name: "Кузнецов Игорь Сергеевич",
        position: "преподаватель информатики",
        date: "2026-11-16",
        time: "14:07",
        record: "A41B9F07",
      },
      { name: "Петрова Анна Андреевна", position: "заместитель директора по учебно-воспитательной работе" },
    ],
  },
  "orders-register": {
    signer: { name: "Иванова Светлана Петровна", position: "Директор" },
    year: 2026,
    generatedAt: "2026-11-25T03:15:00.000Z",
    rows: [
      {
        number: "145-од",
        date: "2026-11-12",
        title: "Об утверждении Положения об использовании ИКОП «Сферум»",
        status: "Действует",
        signedBy: "Директор Иванова Светлана Петровна",
      },
      {
        number: "146-од",
        date: "2026-11-13",
        title: "О назначении администратора ИКОП «Сферум»",
        status: "Утратил силу",
        signedBy: "Директор Иванова Светлана Петровна",
      },
      {
        number: "152-од",
        date: "2026-11-20",
        title: "О закреплении классных руководителей за учебными группами",
        status: "Действует",
        signedBy: "Директор Иванова Светлана Петровна",
      },
    ],
  },
};

/** Registration numbers of the demo documents. */
export const DEMO_NUMBERS: Record<DocumentType, string> = {
  regulation: "П-7",
  "protocol-extract": "3",
  "order-approve-regulation": "145-од",
  "order-appoint-administrator": "146-од",
  "order-assign-class-teachers": "152-од",
  consent: "С-0001",
  refusal: "О-0001",
  acknowledgment: "ЛО-1.2",
  "orders-register": "ВЖ-1",
  "order-acknowledgment": "146-од/ЛО-1",
};

/**
 * Dates of the demo documents, one timeline: the council meets on 10.11.2026 (the extract repeats
 * the protocol's date and number), the director approves on 12.11 and appoints on 13.11, staff
 * acknowledge from 13.11, parents answer on 20–21.11, the register extract is made on 25.11.
 */
export const DEMO_DATES: Record<DocumentType, string> = {
  regulation: "2026-11-12",
  "protocol-extract": "2026-11-10",
  "order-approve-regulation": "2026-11-12",
  "order-appoint-administrator": "2026-11-13",
  "order-assign-class-teachers": "2026-11-20",
  consent: "2026-11-20",
  refusal: "2026-11-21",
  acknowledgment: "2026-11-16",
  "orders-register": "2026-11-25",
  "order-acknowledgment": "2026-11-16",
};
