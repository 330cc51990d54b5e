// One small stylesheet, inlined: no extra request on a weak 4G link. Sizes in rem follow the
// reader's own font setting; every tap target is at least 48 px (3rem) square, the emergency
// numbers larger. `html.large` is the large-text mode (长辈版, after MIIT's 《互联网网站适老化通用设计规范》):
// main text 20 px, targets of 60 px and more, stronger contrast.
export const CSS = `
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:1.0625rem/1.55 system-ui,-apple-system,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;color:#1a1a1a;background:#f4f4f2}
main{max-width:40rem;margin:0 auto;padding:0 .75rem 2rem}
header.top{background:#b71c1c;color:#fff;padding:0 .75rem}
header.top .in{max-width:40rem;margin:0 auto;display:flex;justify-content:space-between;align-items:center;gap:.5rem;flex-wrap:wrap}
header.top a{color:#fff;display:inline-flex;align-items:center;min-height:3rem;padding:0 .25rem;font-weight:600}
header.top .tools{display:flex;gap:.5rem}
header.top .tools a{padding:0 .75rem;border:1px solid rgba(255,255,255,.6);border-radius:.5rem;min-width:3rem;justify-content:center}
footer.filings{max-width:40rem;margin:0 auto;padding:1rem .75rem 1.5rem;color:#555;font-size:.85rem;text-align:center}
footer.filings a{color:#555;display:inline-flex;align-items:center;min-height:3rem}
h1{font-size:1.45rem;line-height:1.3;margin:1rem 0 .25rem}
h2{font-size:1.2rem;margin:1.4rem 0 .5rem}
h3{font-size:1rem;margin:0;color:#333}
.sub{color:#4a4a4a;margin:0 0 .5rem}
.code{font-family:ui-monospace,Menlo,Consolas,monospace;letter-spacing:.04em}
.sos{background:#fff3cd;border:2px solid #b71c1c;border-radius:.6rem;padding:.6rem .75rem;margin:.75rem 0}
.sos strong{color:#8b0000}
.sos .calls{display:flex;gap:.5rem;margin:.5rem 0}
.sos .calls a{flex:1;display:flex;flex-direction:column;align-items:center;justify-content:center;min-height:4rem;border-radius:.6rem;background:#b71c1c;color:#fff;font-size:1.6rem;font-weight:800;text-decoration:none;line-height:1.1}
.sos .calls small{font-size:.8rem;font-weight:600}
.sos a.line{display:inline-flex;align-items:center;min-height:3rem;font-weight:700;color:#8b0000}
a.jump{display:flex;align-items:center;justify-content:center;min-height:3.25rem;margin:.75rem 0;border-radius:.5rem;background:#0a4f9e;color:#fff;font-weight:700;font-size:1.1rem;text-decoration:none}
.card{background:#fff;border-radius:.6rem;padding:.75rem;margin:.6rem 0;box-shadow:0 1px 2px rgba(0,0,0,.08)}
details.card{padding:0 .75rem}
details.card>summary{display:flex;align-items:center;justify-content:space-between;min-height:3rem;cursor:pointer;list-style:none}
details.card>summary::-webkit-details-marker{display:none}
details.card>summary::after{content:"＋";font-weight:700;color:#555}
details.card[open]>summary::after{content:"－"}
details.card[open]{padding-bottom:.5rem}
ul.plain{list-style:none;margin:0;padding:0}
.contact{display:flex;justify-content:space-between;align-items:center;gap:.6rem;padding:.5rem 0;border-top:1px solid #eee}
.contact:first-child{border-top:0}
.who{min-width:0;overflow-wrap:anywhere}
.who small{display:block;color:#555}
a.who{display:block;min-height:3rem;padding:.25rem 0}
a.tel{flex:none;display:inline-flex;align-items:center;justify-content:center;min-width:3rem;min-height:3rem;padding:.5rem .9rem;border-radius:.5rem;background:#0b6e4f;color:#fff;font-weight:700;text-decoration:none}
a.more{display:inline-flex;align-items:center;min-height:3rem}
.tags{display:flex;flex-wrap:wrap;gap:.4rem;margin:0;padding:0;list-style:none}
.tags li{background:#e8f1ec;color:#0b4f39;border-radius:999px;padding:.2rem .6rem}
label{display:block;font-weight:600;margin:.75rem 0 .25rem}
input,select,textarea{width:100%;font:inherit;padding:.6rem;border:1px solid #767676;border-radius:.5rem;background:#fff;min-height:3rem}
textarea{min-height:7em}
.radio{display:flex;gap:.6rem;align-items:center;font-weight:400;margin:.25rem 0;min-height:3rem}
.radio input{width:1.4rem;min-height:1.4rem;height:1.4rem;flex:none}
button{font:inherit;font-weight:700;width:100%;min-height:3rem;margin-top:1rem;border:0;border-radius:.5rem;background:#b71c1c;color:#fff}
.hint{color:#555;font-size:.9rem;margin:.15rem 0}
.dup{border:2px solid #0a4f9e}
button.secondary{margin:.25rem 0 .5rem;background:#fff;color:#0a4f9e;border:2px solid #0a4f9e}
button.join{width:auto;flex:none;margin:0;padding:0 .9rem;background:#0a4f9e}
.held{display:flex;align-items:center;gap:.5rem;background:#e7f4ea;border-radius:.5rem;padding:.4rem .6rem;margin:.25rem 0;font-weight:600;color:#0b4f39}
progress{width:100%;height:1rem}
.err{color:#a00000;font-weight:600;margin:.25rem 0 0}
.alert{background:#fde8e8;border-left:4px solid #a00000;padding:.6rem .75rem;margin:.75rem 0}
.alert ul{margin:.25rem 0 0;padding-left:1.2em}
.alert a{display:inline-flex;align-items:center;min-height:3rem;color:#7a0000;font-weight:600}
.ok{background:#e7f4ea;border-left:4px solid #0b6e4f;padding:.6rem .75rem;margin:.75rem 0}
.big{font-size:2rem;font-weight:800;letter-spacing:.12em;margin:.4rem 0}
ol.timeline{padding-left:1.2em}
ol.timeline li{margin:.4rem 0}
.muted{color:#555}
.hp{position:absolute;left:-9999px}
a{color:#0a4f9e}
p>a,.sub a{display:inline-block;min-height:3rem;min-width:3rem;line-height:3rem;text-align:center}
html.large body{font-size:1.25rem;line-height:1.6;color:#000;background:#fff}
html.large h1{font-size:1.6rem}
html.large h2{font-size:1.4rem}
html.large h3{font-size:1.2rem;color:#000}
html.large .muted,html.large .who small,html.large .sub,html.large .hint{color:#222}
html.large .card{border:2px solid #333;box-shadow:none}
html.large a.tel,html.large button,html.large input,html.large select,html.large a.jump,html.large details.card>summary,html.large .radio,html.large header.top a,html.large .alert a,html.large p>a,html.large a.who,html.large .sos a.line,html.large footer.filings a{min-height:3.75rem}
html.large header.top .tools a{min-width:3.75rem}
html.large a.tel{min-width:3.75rem;font-size:1.3rem}
html.large p>a{line-height:3.75rem}
html.large .radio input{width:1.8rem;height:1.8rem;min-height:1.8rem}
html.large .sos .calls a{min-height:5rem;font-size:2rem}
`;
