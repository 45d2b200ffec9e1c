import { ROLE_LABELS, type Role } from "@soglasie/core/staff/roles";
import type { Child } from "hono/jsx";
import type { SessionUser } from "../../../http/env.js";

const roleList = (roles: readonly Role[]) => roles.map((r) => ROLE_LABELS[r]).join(", ");

/** Who you are and where you can go. */
export function HomePage(props: {
  user: SessionUser;
  prompt: Child;
  sections: Array<{ href: string; label: string }>;
}) {
  const { user } = props;
  return (
    <>
      <h1>Здравствуйте, {user.staff.fullName}</h1>
      {props.prompt}
      <div class="card">
        <p>
          {user.staff.position}. Роли в системе: {roleList(user.roles) || "нет"}.
        </p>
        <p class="hint">
          ИКОП «Сферум» — информационно-коммуникационная образовательная платформа «Сферум»; колледж
          использует её в национальном мессенджере «MAX» по Положению.
        </p>
      </div>
      <h2>Разделы</h2>
      <ul>
        {props.sections.map((s) => (
          <li>
            <a href={s.href}>{s.label}</a>
          </li>
        ))}
      </ul>
    </>
  );
}
