import type { Actor } from "../audit/types.js";
import { ConflictError, NotFoundError, StateError, ValidationError } from "../errors.js";
import { type Group, GroupRepository } from "../roster/group-repository.js";
import { groupCodeKey, groupKey } from "../roster/keys.js";
import { groupCodeKey as codeKeyOf, displayGroupCode } from "../roster/normalize.js";
import { groupCodeSchema } from "../roster/schemas.js";
import type { Services } from "../services.js";
import type { TxItem } from "../storage/database.js";

/**
 * A new academic year: groups are renamed or promoted («ТМ-21» → «ТМ-31» when the course digit
 * changes). The group keeps its id, so its students, decisions, documents, counters and history stay;
 * the class teachers stay bound until the director's next distribution order. One transaction per
 * group moves the code's uniqueness entry and updates the record; the audit names both codes.
 */
export async function renameGroup(
  services: Services,
  groupId: string,
  newCode: string,
  actor: Actor,
  basis?: string,
): Promise<Group> {
  const parsed = groupCodeSchema.safeParse(newCode);
  if (!parsed.success) {
    const message = parsed.error.issues[0]?.message ?? "Неверный код группы";
    throw new ValidationError(message, { code: [message] });
  }
  const code = displayGroupCode(parsed.data);
  const groups = new GroupRepository(services);
  const group = await groups.get(groupId, true);
  if (!group) throw new NotFoundError("Группа не найдена");
  const codeKey = codeKeyOf(code);
  if (group.code === code) throw new StateError(`Группа уже называется ${code}`, "same_code");
  const orgId = services.config.orgId;
  const now = services.now().toISOString();
  const items: TxItem[] = [
    {
      update: groupKey(orgId, groupId),
      expression: "SET code = :code, codeKey = :key, version = :next, updatedAt = :now",
      condition: "attribute_exists(pk) AND version = :v",
      values: {
        ":code": code,
        ":key": codeKey,
        ":next": group.version + 1,
        ":now": now,
        ":v": group.version,
      },
      onConflict: () =>
        new ConflictError("Группа была изменена другим пользователем. Обновите страницу и повторите."),
    },
  ];
  if (codeKey !== group.codeKey) {
    items.push(
      {
        delete: groupCodeKey(orgId, group.codeKey),
        condition: "groupId = :g",
        values: { ":g": groupId },
      },
      {
        put: { ...groupCodeKey(orgId, codeKey), groupId, code },
        condition: "attribute_not_exists(pk)",
        onConflict: () => new ConflictError(`Группа ${code} уже существует`, "group_exists"),
      },
    );
  } else {
    // Only the spelling changes («ТМ 21» → «ТМ-21»): the same uniqueness entry shows the new spelling.
    items.push({
      put: { ...groupCodeKey(orgId, codeKey), groupId, code },
      condition: "groupId = :g",
      values: { ":g": groupId },
    });
  }
  const trimmed = basis?.trim();
  await services.db.transact(items, [
    {
      actor,
      action: "group.renamed",
      entityType: "group",
      entityId: groupId,
      before: group.code,
      after: code,
      details: {
        classTeachers: group.classTeacherIds.join(","),
        ...(trimmed ? { basis: trimmed.slice(0, 200) } : {}),
      },
    },
  ]);
  return { ...group, code, codeKey, version: group.version + 1, updatedAt: now };
}

export interface RenameStep {
  from: string;
  to: string;
}

/**
 * Renames several groups at once (a promotion: every course up by one), in an order that frees each
 * new code before it is taken («ТМ-31» → «ТМ-41» before «ТМ-21» → «ТМ-31»). A cycle cannot be ordered
 * and is refused before anything changes; every code is checked first.
 */
export async function promoteGroups(
  services: Services,
  steps: RenameStep[],
  actor: Actor,
  basis?: string,
): Promise<Array<{ from: string; to: string }>> {
  const groups = await new GroupRepository(services).list();
  const byKey = new Map(groups.map((g) => [g.codeKey, g]));
  const plan = steps.map((s) => {
    const group = byKey.get(codeKeyOf(s.from));
    if (!group) throw new NotFoundError(`Группа ${s.from} не найдена`);
    return { group, to: s.to, toKey: codeKeyOf(s.to) };
  });
  const renamed = new Set(plan.map((p) => p.group.codeKey));
  const taken = new Set(groups.map((g) => g.codeKey));
  for (const p of plan) {
    const holder = byKey.get(p.toKey);
    if (holder && holder.groupId !== p.group.groupId && !renamed.has(p.toKey))
      throw new ConflictError(`Группа ${p.to} уже существует`, "group_exists");
  }
  const ordered: typeof plan = [];
  const left = [...plan];
  while (left.length > 0) {
    const i = left.findIndex((p) => !taken.has(p.toKey) || p.toKey === p.group.codeKey);
    if (i < 0)
      throw new StateError(
        `Переименования образуют цикл: ${left.map((p) => `${p.group.code} → ${p.to}`).join(", ")}`,
        "rename_cycle",
      );
    const [p] = left.splice(i, 1) as [(typeof plan)[number]];
    taken.delete(p.group.codeKey);
    taken.add(p.toKey);
    ordered.push(p);
  }
  const done: Array<{ from: string; to: string }> = [];
  for (const p of ordered) {
    const after = await renameGroup(services, p.group.groupId, p.to, actor, basis);
    done.push({ from: p.group.code, to: after.code });
  }
  return done;
}
