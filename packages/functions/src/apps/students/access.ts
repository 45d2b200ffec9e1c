import type { Role } from "@soglasie/core/staff/roles";

/** Clause 2.3: the administrator keeps «информацию, связанную с движением обучающихся» current. */
export const MOVEMENT_MANAGERS: Role[] = ["administrator"];
/** Who reads students' records and movement: the administrator and the college's administration. */
export const STUDENT_READERS: Role[] = ["administrator", "director"];
