import type { Actor } from "../audit/types.js";
import { ConflictError, NotFoundError } from "../errors.js";
import { newId } from "../ids.js";
import type { Services } from "../services.js";
import type { TxItem } from "../storage/database.js";
import { parseInput } from "../validation.js";
import { GROUP_PREFIX, groupCodeKey, groupKey, groupsPk } from "./keys.js";
import { groupCodeKey as codeKeyOf, displayGroupCode } from "./normalize.js";
import { groupCodeSchema } from "./schemas.js";

/** A study group («учебная группа») and the class teachers bound to it (clause 2.3, 2.5). */
export interface Group {
  groupId: string;
  /** As people write it: «ТМ-21». */
  code: string;
  /** Normalised code (see normalize.ts) that makes «тм 21» and «ТМ-21» the same group. */
  codeKey: string;
  /** Staff ids of the group's class teachers; set by the director's order (issue 6) or the seed. */
  classTeacherIds: string[];
  version: number;
  createdAt: string;
  updatedAt: string;
}

type GroupItem = Group & { pk: string; sk: string; entity: "group" };

const view = (item: GroupItem): Group => {
  const { pk: _pk, sk: _sk, entity: _e, ...group } = item;
  return { ...group, classTeacherIds: group.classTeacherIds ?? [] };
};

/** Sorts «ТМ-21», «ТМ-3», «Э-11» the way people expect (numbers by value). */
const CODE_ORDER = new Intl.Collator("ru", { numeric: true, sensitivity: "base" });

export const byCode = (a: { code: string }, b: { code: string }) => CODE_ORDER.compare(a.code, b.code);

/**
 * Groups of the organisation. All group records live in one partition (with their code index and
 * consent counters), so listing them is one query, never a scan.
 */
export class GroupRepository {
  constructor(private readonly services: Services) {}

  private get orgId() {
    return this.services.config.orgId;
  }

  async get(groupId: string, consistent = false): Promise<Group | undefined> {
    const item = await this.services.db.get<GroupItem>(groupKey(this.orgId, groupId), consistent);
    return item ? view(item) : undefined;
  }

  async require(groupId: string): Promise<Group> {
    const group = await this.get(groupId);
    if (!group) throw new NotFoundError("Группа не найдена");
    return group;
  }

  async list(): Promise<Group[]> {
    const items = await this.services.db.queryPartition<GroupItem>(groupsPk(this.orgId), GROUP_PREFIX);
    return items.map(view).sort(byCode);
  }

  /** Groups whose class teachers include `staffId`. */
  async listForStaff(staffId: string): Promise<Group[]> {
    return (await this.list()).filter((g) => g.classTeacherIds.includes(staffId));
  }

  async findByCode(code: string, consistent = false): Promise<Group | undefined> {
    const index = await this.services.db.get<{ groupId: string }>(
      groupCodeKey(this.orgId, codeKeyOf(code)),
      consistent,
    );
    return index ? this.get(index.groupId, consistent) : undefined;
  }

  /** The items that create a group (record + code uniqueness), for a caller's own transaction. */
  newGroupItems(code: string): { group: Group; items: TxItem[] } {
    const display = displayGroupCode(parseInput(groupCodeSchema, code));
    const now = this.services.now().toISOString();
    const group: Group = {
      groupId: newId(),
      code: display,
      codeKey: codeKeyOf(display),
      classTeacherIds: [],
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
    const item: GroupItem = { ...groupKey(this.orgId, group.groupId), entity: "group", ...group };
    return {
      group,
      items: [
        {
          put: { ...groupCodeKey(this.orgId, group.codeKey), groupId: group.groupId, code: display },
          condition: "attribute_not_exists(pk)",
          onConflict: () => new ConflictError(`Группа ${display} уже существует`, "group_exists"),
        },
        { put: item, condition: "attribute_not_exists(pk)" },
      ],
    };
  }

  /** The group with this code, created when missing. Safe under concurrent calls: one group per code. */
  async ensureGroup(code: string, actor: Actor): Promise<Group> {
    const existing = await this.findByCode(code, true);
    if (existing) return existing;
    const { group, items } = this.newGroupItems(code);
    try {
      await this.services.db.transact(items, [
        {
          actor,
          action: "group.created",
          entityType: "group",
          entityId: group.groupId,
          details: { code: group.code },
        },
      ]);
      return group;
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      const winner = await this.findByCode(code, true);
      if (!winner) throw error;
      return winner;
    }
  }

  /**
   * The write that binds `staffIds` as the group's class teachers, for the caller's transaction
   * (the director's order of issue 6 binds them together with the order's own records).
   * Fails with ConflictError when the group changed since `expectedVersion`.
   */
  classTeacherBindingItems(groupId: string, staffIds: string[], expectedVersion: number): TxItem[] {
    return [
      {
        update: groupKey(this.orgId, groupId),
        expression: "SET classTeacherIds = :ids, version = :next, updatedAt = :now",
        condition: "attribute_exists(pk) AND version = :v",
        values: {
          ":ids": [...new Set(staffIds)],
          ":next": expectedVersion + 1,
          ":now": this.services.now().toISOString(),
          ":v": expectedVersion,
        },
        onConflict: () =>
          new ConflictError("Группа была изменена другим пользователем. Обновите страницу и повторите."),
      },
    ];
  }

  /** Binds class teachers directly (demo seed, administration tools); orders use the items above. */
  async setClassTeachers(
    groupId: string,
    staffIds: string[],
    actor: Actor,
    expectedVersion?: number,
  ): Promise<Group> {
    const current = await this.get(groupId, true);
    if (!current) throw new NotFoundError("Группа не найдена");
    const version = expectedVersion ?? current.version;
    await this.services.db.transact(this.classTeacherBindingItems(groupId, staffIds, version), [
      {
        actor,
        action: "group.class_teachers_changed",
        entityType: "group",
        entityId: groupId,
        before: `v${version}`,
        after: `v${version + 1}`,
        details: { classTeachers: [...new Set(staffIds)].join(",") },
      },
    ]);
    return { ...current, classTeacherIds: [...new Set(staffIds)], version: version + 1 };
  }
}
