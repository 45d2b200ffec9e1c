import { CouncilRulesRepository } from "@soglasie/core/council/council-rules-repository";
import { MeetingRepository } from "@soglasie/core/council/meeting-repository";
import { recordMeeting } from "@soglasie/core/council/meetings";
import { protocolUploadForm } from "@soglasie/core/council/protocol-upload";
import { councilRulesSchema } from "@soglasie/core/council/rules";
import { NotFoundError } from "@soglasie/core/errors";
import { Hono } from "hono";
import { actorOf } from "../../http/actor.js";
import { requireRoles } from "../../http/auth.js";
import { jsonBody } from "../../http/body.js";
import type { AppEnv } from "../../http/env.js";
import { COUNCIL_READERS } from "./access.js";
import { meetingJson } from "./json.js";
import { meetingInput, readMeeting } from "./meeting-input.js";

export const councilApi = new Hono<AppEnv>()
  // Direct upload of a scan (presigned POST): post `fields` and then the file as `file` to `url`,
  // then record the meeting with `protocolKey: key`.
  .post("/api/council/uploads", requireRoles("council_secretary"), async (c) => {
    const form = await protocolUploadForm(c.get("services"));
    c.header("cache-control", "no-store");
    return c.json(form, 201);
  })
  .post("/api/council/meetings", requireRoles("council_secretary"), async (c) => {
    const { values, protocol } = await readMeeting(c);
    const r = await recordMeeting(
      c.get("services"),
      meetingInput(values),
      protocol,
      actorOf(c, "council_secretary"),
    );
    return c.json(r, 201);
  })
  .get("/api/council/meetings", requireRoles(...COUNCIL_READERS), async (c) => {
    return c.json({ meetings: (await new MeetingRepository(c.get("services")).list()).map(meetingJson) });
  })
  .get("/api/council/meetings/:meetingId", requireRoles(...COUNCIL_READERS), async (c) => {
    const m = await new MeetingRepository(c.get("services")).get(c.req.param("meetingId"));
    if (!m) throw new NotFoundError("Заседание не найдено");
    return c.json(meetingJson(m));
  })
  .get("/api/council/rules", requireRoles(...COUNCIL_READERS), async (c) => {
    return c.json(await new CouncilRulesRepository(c.get("services")).get());
  })
  .put("/api/council/rules", requireRoles("director"), jsonBody(councilRulesSchema), async (c) => {
    const rules = new CouncilRulesRepository(c.get("services"));
    return c.json(await rules.set(c.req.valid("json"), actorOf(c, "director")));
  });
