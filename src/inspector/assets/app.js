// ocw inspector. Request data is untrusted: it only ever reaches the page through textContent
// and elements made with createElement (never parsed as markup), and the server's
// Content-Security-Policy forbids inline script on top of that.
"use strict";

const rows = new Map(); // seq -> summary
let selected = null;
let forwardTo = null;

const $ = (id) => document.getElementById(id);

// An element with text (never parsed as HTML) and optional class.
function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = String(text);
  if (cls) e.className = cls;
  return e;
}

async function getJSON(url, opts) {
  const r = await fetch(url, opts);
  const body = await r.json().catch(() => ({ error: "HTTP " + r.status }));
  if (!r.ok) throw new Error(body.error || "HTTP " + r.status);
  return body;
}

function timeOf(s) {
  const t = String(s.received_at || "");
  const m = t.match(/T(\d\d:\d\d:\d\d(\.\d{1,3})?)/);
  return m ? m[1] : t;
}

// Event filter: * and ? wildcards, like `ocw listen --event`.
function matcher(pattern) {
  if (!pattern) return () => true;
  const re = new RegExp("^" + pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".") + "$");
  return (ev) => re.test(ev || "");
}

function visible(s) {
  const ev = $("f-event").value.trim();
  if (!matcher(ev)(s.event)) return false;
  const v = $("f-verdict").value;
  if (v && s.verdict !== v) return false;
  const st = $("f-status").value;
  if (st === "none") return s.status === null;
  if (st && (s.status === null || String(s.status)[0] !== st)) return false;
  return true;
}

function rowFor(s) {
  const tr = el("tr");
  tr.tabIndex = 0;
  tr.dataset.seq = String(s.seq);
  tr.append(
    el("td", s.seq),
    el("td", timeOf(s)),
    el("td", s.method),
    el("td", s.path, "path"),
    el("td", s.event || "(none)", "event"),
    el("td", s.verdict, s.verdict),
    el("td", s.duplicate_of !== null ? "dup of #" + s.duplicate_of : s.conflicts_with !== null ? "conflicts #" + s.conflicts_with : "", "dup"),
    el("td", s.status === null ? "—" : s.status, s.status === null ? "" : "s" + String(s.status)[0]),
  );
  tr.addEventListener("click", () => open(s.seq));
  tr.addEventListener("keydown", (e) => {
    if (e.key === "Enter") open(s.seq);
  });
  if (s.seq === selected) tr.classList.add("selected");
  tr.hidden = !visible(s);
  return tr;
}

function addRow(s) {
  if (rows.has(s.seq)) return; // already listed (the list and the feed overlap at the start)
  rows.set(s.seq, s);
  $("rows").prepend(rowFor(s)); // newest first
  count();
}

function count() {
  const shown = [...$("rows").children].filter((tr) => !tr.hidden).length;
  $("count").textContent = shown + " of " + rows.size + " shown";
}

async function load() {
  const data = await getJSON("/api/requests");
  rows.clear();
  $("rows").replaceChildren();
  for (const s of data.requests) addRow(s);
  if (data.evicted > 0) $("count").textContent += " (" + data.evicted + " older ones evicted)";
}

function applyFilters() {
  for (const tr of $("rows").children) tr.hidden = !visible(rows.get(Number(tr.dataset.seq)));
  count();
}

function live() {
  const src = new EventSource("/api/stream");
  src.addEventListener("open", () => {
    $("conn").textContent = "live";
    $("conn").className = "live";
    load().catch(() => {});
  });
  src.addEventListener("error", () => {
    $("conn").textContent = "disconnected (retrying)";
    $("conn").className = "down";
  });
  src.addEventListener("request", (e) => {
    try {
      addRow(JSON.parse(e.data));
    } catch (_) {
      /* a malformed event: skip it */
    }
  });
  src.addEventListener("reset", () => load().catch(() => {}));
}

// Body views: pretty (JSON re-indented, else as is), raw (exact text), hex (bytes).
function bytesOf(b64) {
  const bin = atob(b64 || "");
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function hexdump(bytes) {
  const lines = [];
  for (let off = 0; off < bytes.length; off += 16) {
    const chunk = bytes.slice(off, off + 16);
    const hex = [...chunk].map((b) => b.toString(16).padStart(2, "0")).join(" ");
    const asc = [...chunk].map((b) => (b >= 32 && b < 127 ? String.fromCharCode(b) : ".")).join("");
    lines.push(off.toString(16).padStart(8, "0") + "  " + hex.padEnd(48) + "  " + asc);
  }
  return lines.join("\n");
}

function textOf(d) {
  return d.body_encoding === "utf8" ? d.body : new TextDecoder().decode(bytesOf(d.body_base64));
}

function pretty(d) {
  const t = textOf(d);
  try {
    return JSON.stringify(JSON.parse(t), null, 2);
  } catch (_) {
    return t;
  }
}

function definitions(pairs) {
  const dl = el("dl");
  for (const [k, v] of pairs) {
    if (v === undefined || v === null || v === "") continue;
    dl.append(el("dt", k), el("dd", v));
  }
  return dl;
}

function section(title, ...children) {
  const s = el("section");
  s.append(el("h2", title), ...children);
  return s;
}

function bodySection(d) {
  const pre = el("pre");
  pre.id = "body-view";
  const tabs = el("div", null, "tabs");
  const views = { pretty: () => pretty(d), raw: () => textOf(d), hex: () => hexdump(bytesOf(d.body_base64)) };
  const buttons = [];
  for (const name of Object.keys(views)) {
    const b = el("button", name);
    b.type = "button";
    b.id = "view-" + name;
    b.addEventListener("click", () => {
      pre.textContent = views[name]();
      for (const o of buttons) o.setAttribute("aria-pressed", String(o === b));
    });
    buttons.push(b);
    tabs.append(b);
  }
  pre.textContent = views.pretty();
  buttons[0].setAttribute("aria-pressed", "true");
  const note = d.body_kept ? d.body_bytes + " bytes" : "body over the inspector's byte budget: not kept";
  return section("Body", tabs, el("p", note, "muted"), pre);
}

function replaySection(seq) {
  const input = el("input");
  input.id = "replay-url";
  input.placeholder = forwardTo ? "empty: the --forward-to target, " + forwardTo : "http://127.0.0.1:3000/webhooks";
  input.setAttribute("aria-label", "Replay to URL");
  const go = el("button", "Replay");
  go.type = "button";
  go.id = "replay-go";
  const out = el("div");
  out.id = "replay-result";
  out.setAttribute("role", "status");
  const run = async () => {
    out.replaceChildren(el("p", "sending…", "muted"));
    try {
      const r = await getJSON("/api/requests/" + seq + "/replay", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ url: input.value.trim() || null }),
      });
      const res = r.result;
      const parts = [
        ["to", r.url],
        ["status", res.status],
        ["error", res.error ? res.error.message : null],
        ["latency", r.latency_ms + " ms"],
        ["not sent", r.not_sent_headers.length ? r.not_sent_headers.join(", ") + " (redacted in the record)" : null],
      ];
      out.replaceChildren(definitions(parts));
      if (res.body) out.append(el("pre", res.body + (res.truncated ? "\n…" : "")));
      out.dataset.status = res.status ? String(res.status) : "error";
    } catch (e) {
      out.replaceChildren(el("p", "replay failed: " + e.message, "invalid"));
      out.dataset.status = "error";
    }
  };
  go.addEventListener("click", run);
  input.addEventListener("keydown", (e) => {
    if (e.key === "Enter") run();
  });
  return section("Replay", input, go, out);
}

function duplicateLine(d) {
  const p = el("p");
  const link = (n) => {
    if (!d.original_kept) return el("span", "#" + n + " (no longer kept)");
    const b = el("button", "#" + n, "link");
    b.type = "button";
    b.addEventListener("click", () => open(n));
    return b;
  };
  if (d.duplicate_of !== null) p.append("Duplicate of ", link(d.duplicate_of), " (attempt " + d.attempt + ")");
  else if (d.conflicts_with !== null) p.append("Same ids as #" + d.conflicts_with + ", different body");
  else p.append("First delivery");
  return p;
}

async function open(seq) {
  selected = seq;
  for (const tr of $("rows").children) tr.classList.toggle("selected", Number(tr.dataset.seq) === seq);
  let d;
  try {
    d = await getJSON("/api/requests/" + seq);
  } catch (e) {
    $("detail").replaceChildren(el("p", e.message, "invalid"));
    return;
  }
  if (selected !== seq) return;
  const sig = d.signature;
  const headers = el("table");
  for (const [k, v] of Object.entries(d.headers)) {
    const tr = el("tr");
    tr.append(el("td", k), el("td", v));
    headers.append(tr);
  }
  const fwd = d.forward;
  $("detail").replaceChildren(
    el("h2", "#" + d.seq + " " + d.method + " " + d.path + (d.query ? "?" + d.query : "")),
    definitions([
      ["received", d.received_at],
      ["event", d.event || "(none)"],
      ["conversation", d.conversation_id],
    ]),
    section("Signature", definitions([
      ["verdict", sig.status],
      ["scheme", sig.scheme],
      ["reason", sig.reason],
      ["hint", sig.hint],
      ["token", d.token],
    ])),
    section("Delivery", duplicateLine(d)),
    section("Answer", definitions([
      ["status", d.status === null ? "none (the request never arrived whole)" : d.status],
      ["time", d.elapsed_ms + " ms"],
      ["note", d.note],
      ["sender hung up", d.sender_hung_up_ms !== null ? "after " + d.sender_hung_up_ms + " ms" : null],
    ])),
    fwd ? section("Forward", definitions([["to", fwd.url], ["status", fwd.status], ["error", fwd.error]])) : el("span"),
    section("Headers", headers),
    bodySection(d),
    replaySection(d.seq),
  );
}

// A line diff (longest common subsequence), bounded so a huge body cannot hang the page.
function diffLines(a, b) {
  const x = a.split("\n").slice(0, 2000);
  const y = b.split("\n").slice(0, 2000);
  const n = x.length, m = y.length;
  const lcs = Array.from({ length: n + 1 }, () => new Uint16Array(m + 1));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      lcs[i][j] = x[i] === y[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const out = [];
  let i = 0, j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && x[i] === y[j]) { out.push([" ", x[i]]); i++; j++; }
    else if (j < m && (i === n || lcs[i][j + 1] >= lcs[i + 1][j])) { out.push(["+", y[j]]); j++; }
    else { out.push(["-", x[i]]); i++; }
  }
  return out;
}

async function diff() {
  const a = Number($("diff-a").value), b = Number($("diff-b").value);
  try {
    const [da, db] = await Promise.all([getJSON("/api/requests/" + a), getJSON("/api/requests/" + b)]);
    const pre = el("pre");
    pre.id = "diff-view";
    for (const [mark, line] of diffLines(pretty(da), pretty(db)))
      pre.append(el("div", mark + " " + line, mark === "+" ? "add" : mark === "-" ? "del" : ""));
    $("detail").replaceChildren(el("h2", "Body of #" + a + " → #" + b), pre);
  } catch (e) {
    $("detail").replaceChildren(el("p", "diff: " + e.message, "invalid"));
  }
}

// j / k move through the visible rows (and open the one reached); Enter opens the focused row.
function onKey(e) {
  const t = e.target;
  if (t instanceof HTMLInputElement || t instanceof HTMLSelectElement) return;
  if (e.key !== "j" && e.key !== "k") return;
  const list = [...$("rows").children].filter((tr) => !tr.hidden);
  if (!list.length) return;
  let i = list.indexOf(document.activeElement);
  if (i < 0) i = list.findIndex((tr) => Number(tr.dataset.seq) === selected);
  i = e.key === "j" ? Math.min(i + 1, list.length - 1) : Math.max(i - 1, 0);
  list[i].focus();
  open(Number(list[i].dataset.seq));
  e.preventDefault();
}

document.addEventListener("DOMContentLoaded", async () => {
  for (const id of ["f-event", "f-verdict", "f-status"]) $(id).addEventListener("input", applyFilters);
  $("filters").addEventListener("submit", (e) => e.preventDefault());
  $("diff-go").addEventListener("click", diff);
  document.addEventListener("keydown", onKey);
  try {
    forwardTo = (await getJSON("/api/info")).forward_to;
  } catch (_) {
    /* shown as disconnected by the stream */
  }
  live();
});
