import { ErrorSummary, FieldError, Layout } from "../../../http/layout.js";

export function LoginPage(props: {
  orgName: string;
  next: string;
  email?: string;
  error?: string;
  fields?: Record<string, string[]>;
}) {
  return (
    <Layout title="Вход для сотрудников — Согласие" orgName={props.orgName} narrow>
      <h1>Вход для сотрудников</h1>
      <div class="card">
        <ErrorSummary message={props.error} fields={props.fields} />
        <form method="post" action="/login">
          <input type="hidden" name="next" value={props.next} />
          <label for="f-email">Электронная почта</label>
          <input
            id="f-email"
            type="email"
            name="email"
            autocomplete="username"
            required
            value={props.email ?? ""}
          />
          <FieldError name="email" fields={props.fields} />
          <label for="f-password">Пароль</label>
          <input id="f-password" type="password" name="password" autocomplete="current-password" required />
          <FieldError name="password" fields={props.fields} />
          <p>
            <button type="submit" class="block">
              Войти
            </button>
          </p>
        </form>
        <p class="hint">
          Родители (законные представители) входят не здесь, а по персональной ссылке от классного
          руководителя.
        </p>
      </div>
    </Layout>
  );
}
