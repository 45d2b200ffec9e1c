import { StateError } from "@soglasie/core/errors";
import { assertTransition, canTransition, TRANSITIONS } from "@soglasie/core/regulation/state";
import { VERSION_STATES } from "@soglasie/core/regulation/types";
import { describe, expect, it } from "vitest";

describe("regulation version state machine", () => {
  it("allows exactly draft → adopted → in_force → superseded | repealed", () => {
    const allowed = VERSION_STATES.flatMap((from) =>
      VERSION_STATES.filter((to) => canTransition(from, to)).map((to) => `${from}→${to}`),
    );
    expect(allowed.sort()).toEqual([
      "adopted→in_force",
      "draft→adopted",
      "in_force→repealed",
      "in_force→superseded",
    ]);
    expect(TRANSITIONS.superseded).toEqual([]);
    expect(TRANSITIONS.repealed).toEqual([]);
  });

  it("refuses every other transition with a clear Russian message", () => {
    for (const from of VERSION_STATES) {
      for (const to of VERSION_STATES) {
        if (canTransition(from, to)) continue;
        let error: unknown;
        try {
          assertTransition(from, to);
        } catch (e) {
          error = e;
        }
        expect(error, `${from}→${to}`).toBeInstanceOf(StateError);
        expect((error as StateError).message).toMatch(/[а-я]/);
      }
    }
    expect(() => assertTransition("draft", "in_force")).toThrow("принятую педагогическим советом");
    expect(() => assertTransition("in_force", "adopted")).toThrow("уже утверждена и действует");
  });
});
