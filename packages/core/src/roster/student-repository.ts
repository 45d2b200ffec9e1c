import type { Services } from "../services.js";
import { groupPk, STUDENT_PREFIX, studentKey } from "./keys.js";

/** A student of a group and the parent (legal representative) the roster names. */
export interface Student {
  studentId: string;
  groupId: string;
  fullName: string;
  /** Normalised full name: the student's identity inside the group (see normalize.ts). */
  nameKey: string;
  parentName: string;
  phone?: string;
  email?: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export type StudentItem = Student & { pk: string; sk: string; entity: "student" };

export const studentView = (item: StudentItem): Student => {
  const { pk: _pk, sk: _sk, entity: _e, ...student } = item;
  return student;
};

export const byStudentName = (a: { fullName: string }, b: { fullName: string }) =>
  a.fullName.localeCompare(b.fullName, "ru", { sensitivity: "base" });

export class StudentRepository {
  constructor(private readonly services: Services) {}

  /** By the normalised name, the student's key inside the group. */
  async get(groupId: string, nameKey: string, consistent = false): Promise<Student | undefined> {
    const item = await this.services.db.get<StudentItem>(
      studentKey(this.services.config.orgId, groupId, nameKey),
      consistent,
    );
    return item ? studentView(item) : undefined;
  }

  /** The students of one group, by name: one query of the group's partition. */
  async listByGroup(groupId: string): Promise<Student[]> {
    const items = await this.services.db.queryPartition<StudentItem>(
      groupPk(this.services.config.orgId, groupId),
      STUDENT_PREFIX,
    );
    return items.map(studentView).sort(byStudentName);
  }
}
