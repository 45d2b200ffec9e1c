import { Layout } from "../../../../http/layout.js";
import { Contact, ParentStyles } from "./parts.js";

/** Unknown, expired, revoked links and too many attempts: no word about any student. */
export function LinkProblemPage(props: {
  orgName: string;
  orgFullName: string;
  title: string;
  message: string;
}) {
  return (
    <Layout title={`${props.title} — ${props.orgName}`} orgName={props.orgFullName} narrow>
      <ParentStyles />
      <h1>{props.title}</h1>
      <div class="card">
        <p>{props.message}</p>
        <p>
          Новую ссылку выдаёт классный руководитель группы или администратор ИКОП «Сферум» колледжа. Ссылки
          личные: не используйте ссылку, полученную для другого обучающегося.
        </p>
      </div>
      <Contact orgFullName={props.orgFullName} classTeachers={[]} explainIkop />
    </Layout>
  );
}
