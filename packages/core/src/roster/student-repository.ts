import type { Services } from "../services.js";
import { GSI } from "../storage/table.js";
import { groupPk, STUDENT_PREFIX, studentIdentityIndex, studentKey } from "./keys.js";

/** Why a student is no longer in a group's lists (clause 2.3, «движение обучающихся»). */
export type LeaveKind = "expelled" | "graduated" | "academic_leave";

export const LEAVE_LABELS: Record<LeaveKind, string> = {
  expelled: "отчислен(а)",
  graduated: "выпуск",
  academic_leave: "академический отпуск",
};

/** The student has left the group's lists: since when, why, on what basis (an order's number). */
export interface Enrolment {
  status: LeaveKind;
  since: string;
  basis?: string;
}

/** One step of the student's movement, kept on the record (the audit log has them too). */
export interface Movement {
  kind: "transfer" | "leave" | "return";
  at: string;
  fromGroupId?: string;
  toGroupId?: string;
  leave?: LeaveKind;
  basis?: string;
}

/** A student of a group and the parent (legal representative) the roster names. */
export interface Student {
  /** Stable for the student's whole time at the college, whatever group they are in. */
  studentId: string;
  groupId: string;
  fullName: string;
  /** Normalised full name: the student's identity inside the group (see normalize.ts). */
  nameKey: string;
  parentName: string;
  /** The parent's contacts. */
  phone?: string;
  email?: string;
  /** ISO date of birth, when the roster gives it (students/birth-date.ts). */
  birthDate?: string;
  /** The student's own contacts (optional roster columns). */
  studentPhone?: string;
  studentEmail?: string;
  /** Set while the student has left (expelled, graduated, on academic leave); absent while studying. */
  enrolment?: Enrolment;
  movements?: Movement[];
  version: number;
  createdAt: string;
  updatedAt: string;
}

export type StudentItem = Student & {
  pk: string;
  sk: string;
  entity: "student";
  gsi1pk?: string;
  gsi1sk?: string;
};

export const studentView = (item: StudentItem): Student => {
  const { pk: _pk, sk: _sk, entity: _e, gsi1pk: _a, gsi1sk: _b, ...student } = item;
  return student;
};

/** The stored item of a student (its key follows its group and name). */
export const studentItem = (orgId: string, student: Student): StudentItem => ({
  ...studentKey(orgId, student.groupId, student.nameKey),
  entity: "student",
  ...studentIdentityIndex(orgId, student.studentId),
  ...student,
});

/** A student in the group's lists: not expelled, graduated or on leave. */
export const isStudying = (student: Pick<Student, "enrolment">): boolean => !student.enrolment;

/** One collator for every comparison: `localeCompare` with options builds one per call. */
const NAME_ORDER = new Intl.Collator("ru", { sensitivity: "base" });

export const byStudentName = (a: { fullName: string }, b: { fullName: string }) =>
  NAME_ORDER.compare(a.fullName, b.fullName);

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

  /** By the stable id, wherever the student is now (the index is read, then the record itself, strongly). */
  async findById(studentId: string): Promise<Student | undefined> {
    const { gsi1pk } = studentIdentityIndex(this.services.config.orgId, studentId);
    const [indexed] = await this.services.db.queryPartition<StudentItem>(gsi1pk, undefined, {
      index: GSI.byOwner,
      limit: 1,
    });
    if (!indexed) return undefined;
    const student = await this.get(indexed.groupId, indexed.nameKey, true);
    return student?.studentId === studentId ? student : undefined;
  }

  /** The students of one group, by name: one query of the group's partition. */
  async listByGroup(groupId: string, consistent = false): Promise<Student[]> {
    const items = await this.services.db.query<StudentItem>({
      KeyConditionExpression: "pk = :pk AND begins_with(sk, :sk)",
      ExpressionAttributeValues: {
        ":pk": groupPk(this.services.config.orgId, groupId),
        ":sk": STUDENT_PREFIX,
      },
      ConsistentRead: consistent,
    });
    return items.map(studentView).sort(byStudentName);
  }
}
