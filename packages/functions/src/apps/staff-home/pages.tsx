import { chatRevocationsDue } from "@soglasie/core/chat/group-chat";
import { gendered } from "@soglasie/core/language/names";
import { pendingOrderAcknowledgments } from "@soglasie/core/orders/acknowledgments";
import { getOrder } from "@soglasie/core/orders/register";
import { pendingAcknowledgment } from "@soglasie/core/regulation/acknowledgment";
import { staffGender } from "@soglasie/core/staff/grammar";
import { Hono } from "hono";
import { requireStaff } from "../../http/auth.js";
import type { AppEnv } from "../../http/env.js";
import { navFor, staffPage } from "../../http/nav.js";
import { HomePage } from "./views/home-page.js";
import { OrderPrompt } from "./views/order-prompt.js";
import { RegulationPrompt } from "./views/regulation-prompt.js";

export const staffHomePages = new Hono<AppEnv>().get("/staff", requireStaff, async (c) => {
  const user = c.get("user");
  // The in-force regulation to confirm («Ознакомлен(а)»), if the person has not yet.
  const services = c.get("services");
  // …and the orders that name them and that they have not acknowledged («Ознакомиться с приказом»).
  const acknowledgedId = c.req.query("orderAcknowledged");
  const [pending, orders, acknowledgedOrder, revocations] = await Promise.all([
    pendingAcknowledgment(services, user.staff.staffId),
    pendingOrderAcknowledgments(services, user.staff.staffId),
    acknowledgedId ? getOrder(services, acknowledgedId) : undefined,
    // Clause 2.3: the administrator revokes unclaimed chat invitations once a group's campaign is over.
    user.roles.includes("administrator") ? chatRevocationsDue(services) : [],
  ]);
  const sections = navFor(user.roles).filter((s) => s.href !== "/staff");
  const prompt = (
    <>
      <RegulationPrompt
        pending={pending}
        acknowledged={Boolean(c.req.query("acknowledged"))}
        csrf={user.csrfToken}
      />
      <OrderPrompt
        pending={orders}
        acknowledged={acknowledgedOrder?.named?.includes(user.staff.staffId) ? acknowledgedOrder : undefined}
        acquainted={gendered(staffGender(user.staff), "Ознакомлен", "Ознакомлена")}
        csrf={user.csrfToken}
      />
      {revocations.length > 0 && (
        <div class="notice" role="status" id="chat-revocations">
          Сбор ответов завершён, а ссылки-приглашения в чаты не аннулированы:{" "}
          {revocations.map((g) => g.code).join(", ")}.{" "}
          <a href="/staff/campaign#chats">Отметить аннулирование</a> (пункт 2.3 Положения).
        </div>
      )}
    </>
  );
  return staffPage(c, "Главная", <HomePage user={user} prompt={prompt} sections={sections} />);
});
