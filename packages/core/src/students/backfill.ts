import type { Actor } from "../audit/types.js";
import { type RequestItem, requestView } from "../consent/consent-request-repository.js";
import { REQUEST_PREFIX } from "../consent/keys.js";
import { ConflictError } from "../errors.js";
import { GroupRepository } from "../roster/group-repository.js";
import { groupPk, STUDENT_PREFIX, studentIdentityIndex } from "../roster/keys.js";
import type { StudentItem } from "../roster/student-repository.js";
import type { Services } from "../services.js";
import type { TxItem } from "../storage/database.js";

/**
 * Students imported before the student record had its stable id index (byOwner
 * `ORG#…#STUDENT#{studentId}`) are invisible to `StudentRepository.findById`, so
 * `GET /api/students/{id}` answered 404 for them although the group page showed them. The backfill
 * gives every such record its index entry (and, for the oldest ones, the id of its consent request),
 * under the record's version: running it again changes nothing. A request with no student record at
 * all is reported, never invented (its name survives only normalised in the key).
 */
export interface BackfillReport {
  groups: number;
  students: number;
  /** Student records given their index entry now. */
  indexed: number;
  /** Consent requests whose group holds no record of their student (requestId, groupId). */
  orphans: Array<{ requestId: string; groupId: string }>;
}

/** Records per transaction, well under DynamoDB's 100 items with the audit event. */
const BATCH = 50;

export async function backfillStudentRecords(services: Services, actor: Actor): Promise<BackfillReport> {
  const report: BackfillReport = { groups: 0, students: 0, indexed: 0, orphans: [] };
  for (const group of await new GroupRepository(services).list()) {
    report.groups++;
    for (let attempt = 0; ; attempt++) {
      try {
        const { fixed, students, orphans } = await backfillGroup(services, group.groupId, actor);
        report.indexed += fixed;
        report.students += students;
        report.orphans.push(...orphans);
        break;
      } catch (error) {
        // Someone changed a record meanwhile: read the group again (what was written stays written).
        if (!(error instanceof ConflictError) || attempt >= 3) throw error;
      }
    }
  }
  return report;
}

async function backfillGroup(services: Services, groupId: string, actor: Actor) {
  const { orgId } = services.config;
  const items = await services.db.query<Record<string, unknown> & { sk: string }>({
    KeyConditionExpression: "pk = :pk",
    ExpressionAttributeValues: { ":pk": groupPk(orgId, groupId) },
    ConsistentRead: true,
  });
  const students = items.filter((i) => i.sk.startsWith(STUDENT_PREFIX)) as unknown as StudentItem[];
  const requests = items
    .filter((i) => i.sk.startsWith(REQUEST_PREFIX))
    .map((i) => requestView(i as unknown as RequestItem));
  const byNameKey = new Map(students.map((s) => [s.nameKey, s]));
  const byStudentId = new Set(students.map((s) => s.studentId).filter(Boolean));
  const orphans: BackfillReport["orphans"] = [];
  const updates: TxItem[] = [];
  const now = services.now().toISOString();
  for (const request of requests) {
    if (byStudentId.has(request.studentId)) continue;
    const student = byNameKey.get(request.nameKey);
    // The oldest records kept no id of their own: the request's is the student's.
    if (student && !student.studentId) {
      student.studentId = request.studentId;
      byStudentId.add(request.studentId);
    } else if (!student) orphans.push({ requestId: request.requestId, groupId });
  }
  for (const student of students) {
    if (!student.studentId) continue;
    const index = studentIdentityIndex(orgId, student.studentId);
    if (student.gsi1pk === index.gsi1pk && student.gsi1sk === index.gsi1sk) continue;
    updates.push({
      put: { ...student, ...index, version: (student.version ?? 0) + 1, updatedAt: now },
      condition: "attribute_not_exists(version) OR version = :v",
      values: { ":v": student.version ?? 0 },
    });
  }
  for (let i = 0; i < updates.length; i += BATCH) {
    const batch = updates.slice(i, i + BATCH);
    await services.db.transact(batch, [
      {
        actor,
        action: "student.backfilled",
        entityType: "group",
        entityId: groupId,
        details: { count: batch.length },
      },
    ]);
  }
  return { fixed: updates.length, students: students.length, orphans };
}
