import { Layout, SignOutForm } from "../../../http/layout.js";

/** GET /logout: signing out is a POST, so an old link or bookmark asks first. */
export function LogoutPage(props: { orgName: string; name: string; csrf: string }) {
  return (
    <Layout title="Выход — Согласие" orgName={props.orgName} narrow>
      <h1>Выйти из системы?</h1>
      <div class="card">
        <p>
          Вы вошли как {props.name}. После выхода этот сеанс будет завершён, и для работы потребуется войти
          снова.
        </p>
        <SignOutForm csrf={props.csrf} label="Выйти" block />
        <p>
          <a href="/staff">Вернуться на главную</a>
        </p>
      </div>
    </Layout>
  );
}
