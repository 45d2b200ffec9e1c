import { StateError } from "../errors.js";
import type { VersionState } from "./types.js";

/** Allowed transitions of a version; everything else is refused. */
export const TRANSITIONS: Record<VersionState, readonly VersionState[]> = {
  draft: ["adopted"],
  adopted: ["in_force"],
  in_force: ["superseded", "repealed"],
  superseded: [],
  repealed: [],
};

export const canTransition = (from: VersionState, to: VersionState) => TRANSITIONS[from].includes(to);

/** Why a transition is refused, in words for the person who tried it: REFUSALS[to][from]. */
const REFUSALS: Partial<Record<VersionState, Partial<Record<VersionState, string>>>> = {
  adopted: {
    adopted: "Эта редакция уже принята педагогическим советом и ждёт утверждения",
    in_force: "Эта редакция уже утверждена и действует: принять её повторно нельзя",
    superseded: "Эта редакция заменена новой: принять её повторно нельзя",
    repealed: "Эта редакция утратила силу: принять её повторно нельзя",
  },
  in_force: {
    draft: "Утвердить можно только редакцию, принятую педагогическим советом; эта редакция — проект",
    in_force: "Эта редакция уже утверждена и действует",
    superseded: "Эта редакция заменена новой: утвердить её нельзя",
    repealed: "Эта редакция утратила силу: утвердить её нельзя",
  },
  repealed: {
    draft: "Признать утратившей силу можно только действующую редакцию; эта редакция — проект",
    adopted: "Признать утратившей силу можно только действующую редакцию; эта ещё не утверждена",
    superseded: "Эта редакция уже заменена новой",
    repealed: "Эта редакция уже утратила силу",
  },
};

const GENERIC: Record<VersionState, string> = {
  draft: "Редакцию нельзя вернуть в проект",
  adopted: "Принять на педагогическом совете можно только проект; эта редакция уже не проект",
  in_force: "Утвердить можно только редакцию, принятую педагогическим советом",
  superseded: "Заменить можно только действующую редакцию",
  repealed: "Признать утратившей силу можно только действующую редакцию",
};

/** Throws a StateError (409) with a clear message when `from → to` is not allowed. */
export function assertTransition(from: VersionState, to: VersionState): void {
  if (canTransition(from, to)) return;
  throw new StateError(REFUSALS[to]?.[from] ?? GENERIC[to], "illegal_transition");
}
