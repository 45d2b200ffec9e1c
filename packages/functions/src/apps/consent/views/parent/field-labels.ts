/**
 * What each field of the parent's forms is called in the error summary, so a message read there on
 * its own («Заполните поле») still says which field it belongs to. Keys are the fields' names (their
 * paths in the JSON API); a nested name without its own entry takes the nearest parent's label.
 */

const DOCUMENT_PARTS: Record<string, string> = {
  type: "вид",
  name: "название",
  series: "серия",
  number: "номер",
  issuedOn: "дата выдачи",
  issuer: "кем выдан",
  divisionCode: "код подразделения",
};

const documentLabels = (prefix: string, whose: string) =>
  Object.fromEntries([
    [prefix, whose],
    ...Object.entries(DOCUMENT_PARTS).map(([part, label]) => [`${prefix}.${part}`, `${whose}: ${label}`]),
  ]);

export const PARENT_FIELD_LABELS: Readonly<Record<string, string>> = {
  decision: "Ваше решение",
  alternatives: "Способы связи",
  relation: "Кем вы приходитесь обучающемуся",
  parentName: "Ваши фамилия, имя и отчество",
  studentName: "Ваши фамилия, имя и отчество",
  studentAge: "Исполнилось ли обучающемуся 18 лет",
  confirm: "Подтверждение",
  pepRulesAccepted: "Правила простой электронной подписи",
  code: "Код подтверждения",
  personalData: "Сведения для согласия на обработку персональных данных",
  "personalData.student": "Сведения об обучающемся",
  "personalData.student.birthDate": "Дата рождения обучающегося",
  "personalData.student.address": "Адрес обучающегося",
  ...documentLabels("personalData.student.document", "Документ обучающегося"),
  "personalData.representative": "Ваши сведения",
  "personalData.representative.address": "Ваш адрес",
  ...documentLabels("personalData.representative.document", "Ваш документ"),
  ...documentLabels("personalData.authority", "Документ о полномочиях"),
  "personalData.authority.issuedOn": "Документ о полномочиях: дата выдачи (принятия)",
  "personalData.authority.issuer": "Документ о полномочиях: кем выдан (принят)",
};

/** The label of a field by its name (the withdrawal form's ids end in «-w»), or undefined. */
export function parentFieldLabel(name: string): string | undefined {
  let key = name.replace(/-w$/, "");
  for (;;) {
    const label = PARENT_FIELD_LABELS[key];
    if (label) return label;
    const dot = key.lastIndexOf(".");
    if (dot < 0) return undefined;
    key = key.slice(0, dot);
  }
}
