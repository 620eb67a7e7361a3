// The demo report's stylesheet: a chat column per step, and card previews close to how Feishu, DingTalk and Slack
// draw them. Inlined into index.html (no font or stylesheet from anywhere else).

export const REPORT_CSS = `
body{margin:0;background:#f5f6f8;color:#1f2328;font:14px/1.55 system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif}
main,.rp-top{max-width:60rem;margin:0 auto;padding:0 16px}
.rp-top{padding-top:16px}.rp-top h1{margin:8px 0}
.rp-top nav ol{padding-left:20px}
.rp-failures{background:#fce8e6;border:1px solid #c5221f;border-radius:6px;padding:8px 12px}
.rp-story{margin:32px 0;padding-top:8px;border-top:3px solid #d0d7de}
.rp-summary{color:#57606a}
.rp-intro p{color:#3d444d}
.rp-step{background:#fff;border:1px solid #d0d7de;border-radius:10px;margin:16px 0;padding:8px 16px 16px}
.rp-step h3{margin:8px 0 0;font-size:16px}
.rp-time{color:#57606a;margin:2px 0 8px;font-size:12px}
.rp-chat{display:flex;flex-direction:column;gap:10px}
.rp-msg{max-width:42rem;display:flex;flex-direction:column}
.rp-msg--user{align-self:flex-end;align-items:flex-end}
.rp-msg--bot{align-self:flex-start}
.rp-who{font-size:12px;color:#57606a;margin-bottom:2px}
.rp-via{color:#8c959f}
.rp-bubble{padding:8px 12px;border-radius:12px;white-space:pre-wrap;background:#eef1f4}
.rp-msg--user .rp-bubble{background:#1f6feb;color:#fff;border-bottom-right-radius:4px}
.rp-msg--bot .rp-bubble{border-bottom-left-radius:4px}
.rp-badge{background:#fff4e5;color:#9a6700;border-radius:8px;padding:0 6px;margin-left:4px}
.rp-narrate{font-style:italic;color:#57606a;text-align:center;margin:4px 0}
.rp-line{margin:4px 0}
.rp-source{font-size:12px;margin-top:4px}
.rp-source pre{background:#f6f8fa;border:1px solid #d0d7de;border-radius:6px;padding:8px;overflow:auto;max-height:24rem;white-space:pre-wrap;word-break:break-all}
.rp-table{overflow-x:auto}
.rp-table table{border-collapse:collapse;font-size:13px;margin:4px 0}
.rp-table th,.rp-table td{border:1px solid #d0d7de;padding:3px 8px;text-align:left;vertical-align:top}
.rp-table th{background:#f6f8fa}
.rp-console{border:0;padding:0;margin:0;min-width:0}
.rp-console .msg{margin:0}
.rp-console input[type=text]{min-width:12rem}
.rp-console .btn:disabled{color:#1f2328;cursor:default}.rp-console .btn--primary:disabled,.rp-console .btn--danger:disabled{color:#fff}
code{background:rgba(175,184,193,.2);border-radius:4px;padding:0 4px;font-size:12px}
.pv-card{background:#fff;border:1px solid #d0d7de;border-radius:8px;min-width:22rem;max-width:40rem;box-shadow:0 1px 2px rgba(0,0,0,.06);overflow:hidden}
.pv-head{display:flex;gap:8px;align-items:center;justify-content:space-between;padding:10px 12px;font-weight:600}
.pv-head--blue,.pv-head--info{background:#e8f0fe}.pv-head--orange,.pv-head--pending{background:#fff4e5}
.pv-head--green,.pv-head--success{background:#e6f4ea}.pv-head--red,.pv-head--danger{background:#fce8e6}
.pv-head--yellow,.pv-head--warning{background:#fef7e0}.pv-head--grey,.pv-head--muted,.pv-head--default{background:#f1f3f4}
.pv-tag{font-size:12px;font-weight:400;border-radius:4px;padding:0 6px;white-space:nowrap;background:#eaeef2}
.pv-tag--blue,.pv-tag--info{background:#d2e3fc;color:#174ea6}.pv-tag--orange,.pv-tag--pending{background:#feefc3;color:#9a6700}
.pv-tag--green,.pv-tag--success{background:#ceead6;color:#137333}.pv-tag--red,.pv-tag--danger{background:#fad2cf;color:#a50e0e}
.pv-tag--yellow,.pv-tag--warning{background:#fef0b3;color:#7a5b00}
.pv-body{padding:8px 12px;display:flex;flex-direction:column;gap:8px}
.fs-md{white-space:normal}
.fc-red{color:#c5221f}.fc-orange{color:#b06000}.fc-grey{color:#6e7781}.fc-green{color:#137333}.fc-blue{color:#1a73e8}
.fs-hr,.sl-divider{border:0;border-top:1px solid #eaeef2;margin:2px 0;width:100%}
.fs-columns,.sl-actions{display:flex;flex-wrap:wrap;gap:8px}
.fs-form{display:flex;flex-direction:column;gap:6px;border:1px dashed #d0d7de;border-radius:6px;padding:8px}
.fs-input,.sl-input{display:flex;flex-direction:column;gap:2px;font-size:13px}
.fs-input input,.sl-input textarea{border:1px solid #d0d7de;border-radius:4px;padding:4px 6px;font:inherit;background:#fff}
.pv-btn{border:1px solid #d0d7de;border-radius:6px;padding:4px 14px;background:#fff;color:#1f2328;font:inherit}
.pv-btn--primary{background:#1f6feb;border-color:#1f6feb;color:#fff}
.pv-btn--danger{background:#fff;border-color:#cf222e;color:#cf222e}
.pv-unknown{color:#8c959f;font-family:monospace}
.sl-message{border-left:4px solid #4a154b}
.sl-message,.sl-modal{padding:8px 12px;display:flex;flex-direction:column;gap:8px}
.sl-header{font-weight:700;font-size:16px}
.sl-fields{display:grid;grid-template-columns:1fr 1fr;gap:4px 16px}
.sl-context{font-size:12px;color:#616061;display:flex;gap:6px;flex-wrap:wrap}
.sl-modal-title{font-weight:700;font-size:16px;border-bottom:1px solid #eaeef2;padding-bottom:6px}
.sl-modal-foot{display:flex;justify-content:flex-end;gap:8px;border-top:1px solid #eaeef2;padding-top:8px}
.dt-message{background:#f1f3f4;border-radius:4px;padding:4px 8px;color:#3d444d}
`.trim();
