import { createHash } from "node:crypto";

// The public status page's one stylesheet, inline (the page loads nothing else). Its hash is
// in the page's CSP beside the nonce: a browser or CDN that revalidates a cached page (304)
// takes the new response's policy, with a new nonce, for the old body, and the hash still
// matches the body's <style>.

export const STATUS_CSS = `
:root{color-scheme:light dark;--bg:#fff;--fg:#111827;--muted:#4b5563;--card:#f9fafb;--border:#e5e7eb;--up:#15803d;--degraded:#a16207;--down:#b91c1c;--unknown:#9ca3af;--maint:#1d4ed8;--link:#1d4ed8}
@media (prefers-color-scheme:dark){:root{--bg:#0b0f17;--fg:#f3f4f6;--muted:#b6bcc8;--card:#111827;--border:#273042;--up:#4ade80;--degraded:#facc15;--down:#f87171;--unknown:#6b7280;--maint:#93c5fd;--link:#93c5fd}}
*{box-sizing:border-box}body{margin:0;background:var(--bg);color:var(--fg);font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
main{max-width:54rem;margin:0 auto;padding:1.5rem 1rem 3rem}a{color:var(--link)}
header{display:flex;align-items:center;gap:.75rem;margin-bottom:1rem}header img{max-height:40px;max-width:160px}h1{font-size:1.5rem;margin:0}
h2{font-size:1.15rem;margin:2rem 0 .75rem}h3{font-size:1rem;margin:0}.muted{color:var(--muted)}
.verdict{border-radius:.5rem;padding:1rem 1.25rem;font-weight:600;font-size:1.1rem;color:#fff}
.v-operational{background:#15803d}.v-partial_outage{background:#a16207}.v-major_outage{background:#b91c1c}.v-maintenance{background:#1d4ed8}
.card{border:1px solid var(--border);background:var(--card);border-radius:.5rem;padding:1rem;margin-bottom:.75rem}
.row{display:flex;flex-wrap:wrap;justify-content:space-between;gap:.5rem;align-items:baseline}
.s-operational{color:var(--up)}.s-degraded{color:var(--degraded)}.s-partial_outage,.s-major_outage{color:var(--down)}.s-unknown{color:var(--muted)}
.bar{display:flex;gap:1px;margin:.5rem 0 .25rem;height:28px}.bar span{flex:1;border-radius:1px;min-width:1px}
.d-up{background:var(--up)}.d-degraded{background:var(--degraded)}.d-down{background:var(--down)}.d-unknown{background:var(--unknown);opacity:.45}
.legend{display:flex;justify-content:space-between;font-size:.8rem}
ol.updates{list-style:none;margin:.5rem 0 0;padding:0}ol.updates li{border-left:3px solid var(--border);padding:.25rem 0 .25rem .75rem;margin-bottom:.5rem}
.tag{font-weight:600}form{display:flex;flex-wrap:wrap;gap:.5rem;align-items:end}label{display:flex;flex-direction:column;font-size:.9rem;gap:.25rem}
input[type=email]{padding:.5rem;border:1px solid var(--border);border-radius:.375rem;background:var(--bg);color:var(--fg);min-width:16rem;font:inherit}
button{padding:.55rem 1rem;border:0;border-radius:.375rem;background:#1d4ed8;color:#fff;font:inherit;font-weight:600;cursor:pointer}
footer{margin-top:2.5rem;font-size:.875rem}.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
`;

export const STATUS_STYLE_HASH = `'sha256-${createHash("sha256").update(STATUS_CSS).digest("base64")}'`;
