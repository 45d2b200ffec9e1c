import type { CampaignSeries } from "@soglasie/core/campaign/answers";
import { ruDate } from "@soglasie/core/clock";

/**
 * Answers per day as an SVG drawn on the server: no script, readable without colours (each bar
 * and mark has its own <title>), announced by screen readers through the chart's title and
 * description; the same figures are in the table beside it.
 */
const W = 720;
const H = 260;
const LEFT = 40;
const RIGHT = 12;
const TOP = 28;
const BOTTOM = 44;

const KINDS = [
  { key: "consent", color: "#137333", label: "согласие" },
  { key: "refusal", color: "#b3261e", label: "отказ" },
  { key: "withdrawal", color: "#7b1fa2", label: "отзыв согласия на обработку ПДн" },
] as const;

const short = (iso: string) => `${iso.slice(8, 10)}.${iso.slice(5, 7)}`;

/** «1 ответ», «3 ответа», «5 ответов». */
export function answersWord(n: number): string {
  const m10 = n % 10;
  const m100 = n % 100;
  const word =
    m10 === 1 && m100 !== 11
      ? "ответ"
      : m10 >= 2 && m10 <= 4 && (m100 < 12 || m100 > 14)
        ? "ответа"
        : "ответов";
  return `${n} ${word}`;
}

export function chartDescription(series: CampaignSeries, scope: string): string {
  const { totals } = series;
  const waves =
    series.waves.length === 0
      ? "напоминаний в эти дни не было"
      : `напоминания: ${series.waves.map((w) => `${ruDate(w.date)}${w.count ? ` (${w.count})` : ""}`).join(", ")}`;
  return `${scope}: с ${ruDate(series.from)} по ${ruDate(series.to)} — ${answersWord(totals.total)} (согласий ${totals.consent}, отказов ${totals.refusal}, отзывов ${totals.withdrawal}); ${waves}.`;
}

export function AnswersChart(props: { series: CampaignSeries; scope: string; id?: string }) {
  const { series } = props;
  const id = props.id ?? "answers-chart";
  const n = series.days.length;
  const max = Math.max(1, ...series.days.map((d) => d.total));
  const plotW = W - LEFT - RIGHT;
  const plotH = H - TOP - BOTTOM;
  const step = plotW / n;
  const barW = Math.max(1, Math.min(28, step * 0.7));
  const x = (i: number) => LEFT + i * step + (step - barW) / 2;
  const y = (v: number) => TOP + plotH - (v / max) * plotH;
  const labelEvery = Math.max(1, Math.ceil(n / 12));
  const index = new Map(series.days.map((d, i) => [d.date, i]));
  return (
    <svg
      xmlns="http://www.w3.org/2000/svg"
      viewBox={`0 0 ${W} ${H}`}
      width="100%"
      role="img"
      aria-labelledby={`${id}-title ${id}-desc`}
      class="chart"
      id={id}
    >
      <title id={`${id}-title`}>Ответы родителей по дням — {props.scope}</title>
      <desc id={`${id}-desc`}>{chartDescription(series, props.scope)}</desc>
      <line x1={LEFT} y1={TOP + plotH} x2={W - RIGHT} y2={TOP + plotH} stroke="#5f6368" />
      <line x1={LEFT} y1={TOP} x2={LEFT} y2={TOP + plotH} stroke="#5f6368" />
      <text x={LEFT - 6} y={TOP + plotH} text-anchor="end" font-size="12" dominant-baseline="middle">
        0
      </text>
      <text x={LEFT - 6} y={TOP} text-anchor="end" font-size="12" dominant-baseline="middle">
        {max}
      </text>
      {series.days.map((d, i) => {
        let base = 0;
        return (
          <g class="day" data-date={d.date} data-total={d.total}>
            <title>
              {ruDate(d.date)}: {answersWord(d.total)}
              {d.total > 0 ? ` (${KINDS.map((k) => `${k.label} ${d[k.key]}`).join(", ")})` : ""}
            </title>
            {KINDS.filter((k) => d[k.key] > 0).map((k) => {
              const top = y(base + d[k.key]);
              const rect = (
                <rect
                  x={x(i).toFixed(1)}
                  y={top.toFixed(1)}
                  width={barW.toFixed(1)}
                  height={(y(base) - top).toFixed(1)}
                  fill={k.color}
                  data-kind={k.key}
                  data-count={d[k.key]}
                />
              );
              base += d[k.key];
              return rect;
            })}
            {i % labelEvery === 0 && (
              <text x={(x(i) + barW / 2).toFixed(1)} y={TOP + plotH + 16} text-anchor="middle" font-size="11">
                {short(d.date)}
              </text>
            )}
          </g>
        );
      })}
      {series.waves.map((w, k) => {
        const i = index.get(w.date) ?? 0;
        const cx = (LEFT + i * step + step / 2).toFixed(1);
        return (
          <g class="wave" data-date={w.date} data-count={w.count}>
            <title>
              Напоминания {ruDate(w.date)}
              {w.count ? `: ${w.count}` : ""}
            </title>
            <line
              x1={cx}
              y1={TOP - 6}
              x2={cx}
              y2={TOP + plotH}
              stroke="#1a73e8"
              stroke-width="2"
              stroke-dasharray="5 4"
            />
            <text x={cx} y={TOP - 10} text-anchor="middle" font-size="12" fill="#1a73e8">
              Н{k + 1}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

/** The chart's figures as a table: the same data for anyone who cannot read the picture. */
export function AnswersTable(props: { series: CampaignSeries; scope: string }) {
  const { series } = props;
  const waves = new Map(series.waves.map((w) => [w.date, w]));
  const rows = series.days.filter((d) => d.total > 0 || waves.has(d.date));
  return (
    <div class="table-wrap">
      <table class="answers">
        <caption>Ответы по дням — {props.scope}</caption>
        <thead>
          <tr>
            <th scope="col">День</th>
            <th scope="col" class="num">
              Согласие
            </th>
            <th scope="col" class="num">
              Отказ
            </th>
            <th scope="col" class="num">
              Отзыв
            </th>
            <th scope="col" class="num">
              Всего
            </th>
            <th scope="col">Напоминания</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((d) => (
            <tr data-date={d.date}>
              <th scope="row">{ruDate(d.date)}</th>
              <td class="num">{d.consent}</td>
              <td class="num">{d.refusal}</td>
              <td class="num">{d.withdrawal}</td>
              <td class="num">{d.total}</td>
              <td>
                {waves.has(d.date)
                  ? `волна${waves.get(d.date)?.count ? ` (${waves.get(d.date)?.count})` : ""}`
                  : ""}
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Итого</th>
            <td class="num">{series.totals.consent}</td>
            <td class="num">{series.totals.refusal}</td>
            <td class="num">{series.totals.withdrawal}</td>
            <td class="num">{series.totals.total}</td>
            <td>{series.waves.length > 0 ? `${series.waves.length}` : "—"}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
