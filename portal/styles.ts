// One small stylesheet, inlined: no extra request on a weak 4G link. Sizes favour readability in
// the sun and tap targets of at least 44 px (WCAG 2.2 AA asks 24).
export const CSS = `
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:17px/1.55 system-ui,-apple-system,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;color:#1a1a1a;background:#f4f4f2}
main{max-width:40rem;margin:0 auto;padding:0 12px 32px}
header.top{background:#b71c1c;color:#fff;padding:10px 12px}
header.top .in{max-width:40rem;margin:0 auto;display:flex;justify-content:space-between;align-items:center;gap:8px}
header.top a{color:#fff}
footer.filings{max-width:40rem;margin:0 auto;padding:16px 12px 24px;color:#555;font-size:.85rem;text-align:center}
footer.filings a{color:#555}
.lang{display:inline-block;padding:10px 12px;min-height:44px;font-weight:600}
h1{font-size:1.45rem;line-height:1.3;margin:16px 0 4px}
h2{font-size:1.2rem;margin:22px 0 8px}
h3{font-size:1rem;margin:14px 0 6px;color:#444}
.sub{color:#4a4a4a;margin:0 0 8px}
.code{font-family:ui-monospace,Menlo,Consolas,monospace;letter-spacing:.04em}
.sos{background:#fff3cd;border:2px solid #b71c1c;border-radius:10px;padding:10px 12px;margin:12px 0}
.sos strong{color:#8b0000}
.sos a{font-weight:700;color:#8b0000}
.card{background:#fff;border-radius:10px;padding:12px;margin:10px 0;box-shadow:0 1px 2px rgba(0,0,0,.08)}
ul.plain{list-style:none;margin:0;padding:0}
.contact{display:flex;justify-content:space-between;align-items:center;gap:10px;padding:8px 0;border-top:1px solid #eee}
.contact:first-child{border-top:0}
.who{min-width:0;overflow-wrap:anywhere}
.who small{display:block;color:#555}
a.tel{flex:none;display:inline-block;min-width:44px;min-height:44px;padding:10px 14px;border-radius:8px;background:#0b6e4f;color:#fff;font-weight:700;text-decoration:none}
.tags{display:flex;flex-wrap:wrap;gap:6px;margin:0;padding:0;list-style:none}
.tags li{background:#e8f1ec;color:#0b4f39;border-radius:999px;padding:3px 10px}
label{display:block;font-weight:600;margin:12px 0 4px}
input,select,textarea{width:100%;font:inherit;padding:10px;border:1px solid #767676;border-radius:8px;background:#fff;min-height:44px}
textarea{min-height:7em}
.radio{display:flex;gap:10px;align-items:flex-start;font-weight:400;margin:6px 0;min-height:44px}
.radio input{width:22px;min-height:22px;height:22px;margin-top:4px;flex:none}
button{font:inherit;font-weight:700;width:100%;min-height:48px;margin-top:16px;border:0;border-radius:8px;background:#b71c1c;color:#fff}
.err{color:#a00000;font-weight:600;margin:4px 0 0}
.alert{background:#fde8e8;border-left:4px solid #a00000;padding:10px 12px;margin:12px 0}
.ok{background:#e7f4ea;border-left:4px solid #0b6e4f;padding:10px 12px;margin:12px 0}
.big{font-size:2rem;font-weight:800;letter-spacing:.12em;margin:6px 0}
ol.timeline{padding-left:1.2em}
ol.timeline li{margin:6px 0}
.muted{color:#555}
.hp{position:absolute;left:-9999px}
a{color:#0a4f9e}
`;
