import { ruDate } from "@soglasie/core/clock";
import type { MeetingPreview } from "@soglasie/core/council/meetings";
import { CsrfField } from "../../../http/layout.js";

type Values = Record<string, string>;

/** The meeting's fields as hidden inputs: the next step posts exactly what was checked. */
function Hidden(props: { values: Values }) {
  return (
    <>
      {Object.entries(props.values).map(([name, value]) => (
        <input type="hidden" name={name} value={value} />
      ))}
    </>
  );
}

/**
 * Step 2 of recording a meeting: what the figures decide under the council's rules, the protocol
 * extract as a draft («ПРОЕКТ») when the version is adopted, then «Подписать и зарегистрировать».
 * A «not adopted» outcome is a warning and needs an explicit confirmation: the version stays a draft.
 */
export function MeetingCheckPage(props: {
  csrf: string;
  preview: MeetingPreview;
  /** The fields with the staged scan's key (`protocolKey`). */
  values: Values;
  /** Asked again because «not adopted» was not confirmed. */
  unconfirmed?: boolean;
}) {
  const { preview, values } = props;
  const adopted = preview.outcome === "adopted";
  return (
    <>
      <h1>Проверьте запись о заседании</h1>
      <dl class="summary">
        <dt>Заседание</dt>
        <dd>
          {ruDate(values.date ?? "")}, протокол № {values.protocolNumber}
        </dd>
        <dt>Вопрос</dt>
        <dd>Положение, редакция № {preview.versionNo}</dd>
        <dt>Присутствовали</dt>
        <dd>
          {values.membersPresent} из {values.membersTotal}
        </dd>
        <dt>Голосование</dt>
        <dd>
          «за» {values.votesFor}, «против» {values.votesAgainst}, «воздержались» {values.votesAbstained}
        </dd>
        <dt>Председатель, секретарь</dt>
        <dd>
          {values.chair}, {values.secretary}
        </dd>
      </dl>
      {adopted ? (
        <div class="notice ok" role="status">
          <strong>Положение будет принято.</strong> {preview.reason} Выписка из протокола будет подписана
          вашей электронной подписью и зарегистрирована.
        </div>
      ) : (
        <div class="notice warn" role="alert" id="not-adopted">
          <strong>Решение не принято.</strong> {preview.reason} Положение останется проектом, выписка не
          выдаётся. Если цифры введены с ошибкой, вернитесь и исправьте их.
        </div>
      )}
      {adopted && (
        <form method="post" action="/staff/council/meetings/draft.pdf" target="_blank" rel="noopener">
          <CsrfField token={props.csrf} />
          <Hidden values={values} />
          <button type="submit" class="secondary">
            Открыть проект выписки (PDF)
          </button>
        </form>
      )}
      <form method="post" action="/staff/council/meetings">
        <CsrfField token={props.csrf} />
        <Hidden values={values} />
        {!adopted && (
          <div class="choice">
            <input id="f-confirmNotAdopted" type="checkbox" name="confirmNotAdopted" value="on" required />
            <label for="f-confirmNotAdopted">
              Подтверждаю: по протоколу педагогический совет решения не принял
            </label>
          </div>
        )}
        {props.unconfirmed && (
          <p class="field-error" id="e-confirmNotAdopted">
            Отметьте подтверждение, чтобы записать решение «не принято»
          </p>
        )}
        <p>
          <button type="submit">
            {adopted ? "Подписать и зарегистрировать" : "Записать: решение не принято"}
          </button>
        </p>
      </form>
      <form method="post" action="/staff/council/meetings/edit">
        <CsrfField token={props.csrf} />
        <Hidden values={values} />
        <button type="submit" class="secondary">
          Изменить данные
        </button>
      </form>
    </>
  );
}
