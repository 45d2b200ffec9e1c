import type { GroupCounts } from "@soglasie/core/consent/stats";

/** Extra styles of the consent dashboards (the shared sheet covers the rest). */
const STAFF_CSS = `
.bar .v{background:#5f6368}.bar .w{background:#7b1fa2}
.legend{display:flex;flex-wrap:wrap;gap:.3rem 1.1rem;margin:.6rem 0 0;padding:0;list-style:none;font-size:.95rem}
.legend li::before{content:"";display:inline-block;width:.8rem;height:.8rem;border-radius:2px;margin-right:.35rem;vertical-align:-.05rem;background:var(--c)}
.num{text-align:right;font-variant-numeric:tabular-nums}
td .bar{min-width:6rem;margin-top:.35rem}
input.link{font:14px/1.3 ui-monospace,Consolas,monospace;min-height:44px;padding:.3rem .4rem;margin-top:.3rem}
.link-tools{display:flex;flex-wrap:wrap;align-items:center;gap:.4rem .6rem;margin-top:.4rem}
.link-tools [role=status]:empty{display:none}
.row-notice{margin:.5rem 0 0;font-weight:400;font-size:.95rem}
.confirm-actions{display:flex;flex-wrap:wrap;gap:.6rem;align-items:center;margin-top:1rem}
form.inline{display:inline}
button.small,.button.small{min-height:44px;padding:.5rem .8rem;font-size:.93rem}
.danger-zone{border:1px solid #b3261e}
.search label{margin-top:0}
.search-row{display:flex;gap:.5rem}
.search-row input{flex:1;min-width:0}
.search p{margin:.5rem 0 0}
`;

const SEGMENTS: Array<{ key: keyof GroupCounts; cls: string; color: string; label: string }> = [
  { key: "consented", cls: "c", color: "#137333", label: "Согласие" },
  { key: "refused", cls: "r", color: "#b3261e", label: "Отказ" },
  { key: "withdrawn", cls: "w", color: "#7b1fa2", label: "Согласие отозвано" },
  { key: "pending", cls: "p", color: "#f9ab00", label: "Ожидают ответа" },
  { key: "expired", cls: "x", color: "#757575", label: "Ссылка истекла" },
  { key: "revoked", cls: "v", color: "#5f6368", label: "Аннулирована" },
];

const pct = (n: number, total: number) => (total > 0 ? `${((n / total) * 100).toFixed(2)}%` : "0%");

export function ProgressBar(props: { counts: GroupCounts }) {
  const { counts } = props;
  const label = SEGMENTS.map((s) => `${s.label}: ${counts[s.key]}`).join(", ");
  return (
    <div class="bar" role="img" aria-label={`Всего ${counts.total}. ${label}`}>
      {SEGMENTS.filter((s) => counts[s.key] > 0).map((s) => (
        <span class={s.cls} style={`width:${pct(counts[s.key], counts.total)}`} />
      ))}
    </div>
  );
}

export function CountsLegend(props: { counts: GroupCounts }) {
  return (
    <ul class="legend">
      {SEGMENTS.map((s) => (
        <li style={`--c:${s.color}`}>
          {s.label}: <strong>{props.counts[s.key]}</strong>
        </li>
      ))}
      <li style="--c:transparent">
        Всего: <strong>{props.counts.total}</strong>
      </li>
    </ul>
  );
}

const NOTICES: Record<string, (n: number) => string> = {
  invited: (n) =>
    n > 0
      ? `Приглашений поставлено в очередь: ${n}. Состояние доставки видно в таблице «Ещё не ответили».`
      : "Некому отправить приглашение: все уже приглашены, ответили или не указали контакт.",
  revoked: (n) =>
    n > 0 ? `Аннулировано невостребованных ссылок: ${n}.` : "Невостребованных действующих ссылок не было.",
  reissued: (n) =>
    n > 0
      ? `Выдано новых ссылок: ${n}. Прежние ссылки этих обучающихся больше не работают.`
      : "Ссылок для повторной выдачи не было.",
};

export function Notice(props: { done?: string; n?: number }) {
  const text = props.done ? NOTICES[props.done]?.(props.n ?? 0) : undefined;
  return text ? (
    <div class="notice ok" role="status">
      {text}
    </div>
  ) : null;
}

/** The dashboards' own styles, inside their page. */
export function StaffStyles() {
  return <style dangerouslySetInnerHTML={{ __html: STAFF_CSS }} />;
}
