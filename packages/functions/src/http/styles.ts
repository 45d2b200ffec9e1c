/** One small stylesheet for every page: mobile-first, large tap targets, WCAG AA contrast. */
export const CSS = `
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
[hidden]{display:none!important}
body{margin:0;font:17px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1a1a1a;background:#f4f5f7}
a{color:#0b57d0}a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible,textarea:focus-visible,summary:focus-visible{outline:3px solid #f5a623;outline-offset:2px}
header.top{background:#123b6d;color:#fff;padding:.6rem 1rem}
header.top a{color:#fff}
header.top .org{font-weight:600;font-size:.95rem}
header.top nav{display:flex;flex-wrap:wrap;gap:.25rem 1rem;margin-top:.3rem;font-size:.95rem}
header.top form.sign-out{display:inline;margin:0}
header.top form.sign-out button.link{min-height:0;padding:0;background:none;border:0;color:#fff;font:inherit;font-weight:400;text-decoration:underline;cursor:pointer}
main{max-width:60rem;margin:0 auto;padding:1rem}
main.narrow{max-width:36rem}
h1{font-size:1.45rem;line-height:1.25;margin:.5rem 0 1rem}
h2{font-size:1.2rem;margin:1.5rem 0 .5rem}
.card{background:#fff;border-radius:10px;padding:1rem;margin:0 0 1rem;box-shadow:0 1px 2px rgba(0,0,0,.08)}
label{display:block;font-weight:600;margin:.8rem 0 .3rem}
.hint{font-weight:400;color:#4a4a4a;font-size:.93rem}
input[type=text],input[type=search],input[type=email],input[type=password],input[type=date],input[type=number],input[type=file],select,textarea{width:100%;min-height:48px;padding:.6rem .7rem;font:inherit;border:1px solid #767676;border-radius:8px;background:#fff;color:inherit}
fieldset{border:1px solid #c4c4c4;border-radius:8px;margin:1rem 0;padding:.5rem 1rem 1rem}
legend{font-weight:600;padding:0 .3rem}
.choice{display:flex;align-items:flex-start;gap:.7rem;min-height:48px;padding:.6rem 0;font-weight:400;margin:0}
.choice input{width:24px;height:24px;margin:.1rem 0 0;flex:none}
button,.button{display:inline-block;min-height:48px;padding:.7rem 1.3rem;font:inherit;font-weight:600;border:0;border-radius:8px;background:#0b57d0;color:#fff;cursor:pointer;text-decoration:none;text-align:center}
button.secondary,.button.secondary{background:#e8eaed;color:#1a1a1a}
button.danger{background:#b3261e}
button.block,.button.block{display:block;width:100%}
.error-summary{scroll-margin-top:1rem;border:2px solid #b3261e;background:#fdecea;color:#5f0f0a;border-radius:8px;padding:.8rem 1rem;margin:0 0 1rem}
.field-error{color:#b3261e;font-weight:600;font-size:.93rem;margin:.2rem 0}
.notice{border-left:4px solid #0b57d0;background:#e8f0fe;padding:.7rem 1rem;border-radius:4px;margin:1rem 0}
.ok{border-left-color:#137333;background:#e6f4ea}
.warn{border-left-color:#b06000;background:#fef7e0;color:#3d2600}
dl.summary{display:grid;grid-template-columns:minmax(8rem,max-content) 1fr;gap:.3rem 1rem;margin:1rem 0}dl.summary dt{font-weight:600}dl.summary dd{margin:0}
@media (max-width:520px){dl.summary{grid-template-columns:1fr}dl.summary dd{margin-bottom:.4rem}}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{text-align:left;padding:.45rem .5rem;border-bottom:1px solid #ddd;vertical-align:top}
th{background:#eef1f5}
.table-wrap{overflow-x:auto}
tr.highlight>*{background:#e6f4ea}
@media (max-width:39.99rem){
table.cards,table.cards tbody,table.cards tr,table.cards th,table.cards td{display:block;width:100%}
table.cards{background:none}
table.cards thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
table.cards tr{background:#fff;border-radius:10px;box-shadow:0 1px 2px rgba(0,0,0,.12);margin:0 0 .8rem;padding:.6rem .8rem}
table.cards tr.highlight{outline:3px solid #137333}
table.cards th[scope=row]{background:none;border:0;font-size:1.05rem;padding:.1rem 0 .3rem}
table.cards td{border:0;padding:.3rem 0}
table.cards td[data-label]::before{content:attr(data-label);display:block;font-size:.85rem;font-weight:600;color:#4a4a4a}
}
.muted{color:#555}
.bar{display:flex;height:14px;border-radius:7px;overflow:hidden;background:#e0e0e0}
.bar span{display:block;height:100%}
.bar .c{background:#137333}.bar .r{background:#b3261e}.bar .p{background:#f9ab00}.bar .x{background:#757575}
.badge{display:inline-block;padding:.1rem .5rem;border-radius:999px;font-size:.85rem;background:#e8eaed}
.actions{display:flex;flex-wrap:wrap;gap:.5rem;margin:1rem 0}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
@media (min-width:40rem){body{font-size:16px}main{padding:1.5rem}}
`;
