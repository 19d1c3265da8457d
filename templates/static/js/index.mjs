// The index's filters and sorting: the whole table is in the HTML; this module reads each
// row's data attributes once, then hides, shows and reorders rows as the form changes, and
// keeps the state in the URL so a view can be shared (?q=flash&kind=chat&sort=po&dir=asc).

const table = document.getElementById("models");
const form = document.getElementById("filters");
const count = document.getElementById("count");
const tbody = table.tBodies[0];

const MULTI = ["status", "in", "out", "cap"];
const SINGLE = ["q", "provider", "kind", "maxin", "maxout", "minctx", "all", "sort", "dir"];
const NUMERIC = new Set(["ctx", "mx", "pi", "po", "status", "caps"]);

const words = (text) => (text ? text.split(" ") : []);
const numberOrNull = (text) => (text === "" || text === undefined ? null : Number(text));

const rows = Array.from(tbody.rows, (tr, index) => {
  const d = tr.dataset;
  const cells = tr.cells;
  return {
    tr,
    index,
    offering: tr.classList.contains("off"),
    text: `${cells[0].textContent} ${d.a ?? ""} ${cells[1].textContent}`.toLowerCase(),
    name: cells[0].firstChild.textContent.toLowerCase(),
    provider: cells[1].textContent.toLowerCase(),
    other: cells[6].textContent,
    p: d.p, k: d.k, s: d.s,
    in: new Set(words(d.i)), out: new Set(words(d.o)), caps: new Set(words(d.c)),
    status: Number(d.sr), ctx: numberOrNull(d.ctx), mx: numberOrNull(d.mx),
    pi: numberOrNull(d.pi), po: numberOrNull(d.po),
  };
});
for (const r of rows) r.capsCount = r.caps.size;
const total = rows.filter((r) => !r.offering).length;

function readState(search) {
  const params = new URLSearchParams(search);
  const state = {};
  for (const key of SINGLE) state[key] = params.get(key) ?? "";
  for (const key of MULTI) state[key] = params.getAll(key);
  return state;
}

function stateFromForm() {
  const data = new FormData(form);
  const state = readState("");
  for (const key of SINGLE) if (data.has(key)) state[key] = String(data.get(key)).trim();
  for (const key of MULTI) state[key] = data.getAll(key).map(String);
  const current = readState(location.search);
  state.sort = current.sort;
  state.dir = current.dir;
  return state;
}

function writeForm(state) {
  for (const el of form.elements) {
    if (!el.name) continue;
    if (el.type === "checkbox") {
      el.checked = MULTI.includes(el.name) ? state[el.name].includes(el.value) : state[el.name] === el.value;
    } else if (SINGLE.includes(el.name)) el.value = state[el.name];
  }
}

function writeUrl(state) {
  const params = new URLSearchParams();
  for (const key of SINGLE) if (state[key]) params.set(key, state[key]);
  for (const key of MULTI) for (const v of state[key]) params.append(key, v);
  const query = params.toString();
  history.replaceState(null, "", query ? `?${query}` : location.pathname);
}

function matcher(state) {
  const terms = state.q.toLowerCase().split(/\s+/).filter(Boolean);
  const maxin = state.maxin === "" ? null : Number(state.maxin);
  const maxout = state.maxout === "" ? null : Number(state.maxout);
  const minctx = state.minctx === "" ? null : Number(state.minctx);
  const statuses = new Set(state.status);
  const all = state.all === "1";
  return (r) => {
    if (r.offering && !all) return false;
    if (state.provider && r.p !== state.provider) return false;
    if (state.kind && r.k !== state.kind) return false;
    if (statuses.size && !statuses.has(r.s)) return false;
    for (const m of state.in) if (!r.in.has(m)) return false;
    for (const m of state.out) if (!r.out.has(m)) return false;
    for (const c of state.cap) if (!r.caps.has(c)) return false;
    if (maxin !== null && (r.pi === null || r.pi > maxin)) return false;
    if (maxout !== null && (r.po === null || r.po > maxout)) return false;
    if (minctx !== null && (r.ctx === null || r.ctx < minctx)) return false;
    for (const t of terms) if (!r.text.includes(t)) return false;
    return true;
  };
}

function comparator(key, dir) {
  const sign = dir === "desc" ? -1 : 1;
  const field = key === "caps" ? "capsCount" : key === "kind" ? "k" : key;
  if (NUMERIC.has(key)) {
    // Unknown values go last whichever the direction.
    return (a, b) => {
      const x = a[field], y = b[field];
      if (x === null || y === null) return x === y ? a.index - b.index : x === null ? 1 : -1;
      return (x - y) * sign || a.index - b.index;
    };
  }
  return (a, b) => (a[field] < b[field] ? -sign : a[field] > b[field] ? sign : a.index - b.index);
}

// Laying out thousands of table rows is what costs (not finding them): only the first `limit`
// matches are shown, in order, and "Show more" adds the next ones.
const PAGE = Number(table.dataset.pageSize) || 200;
let limit = PAGE;
let shownRows = rows;
let matches = rows;

function apply(state) {
  const keep = matcher(state);
  matches = rows.filter(keep);
  if (state.sort) matches.sort(comparator(state.sort, state.dir));
  const visible = matches.slice(0, limit);
  const wanted = new Set(visible);
  for (const r of shownRows) if (!wanted.has(r)) r.tr.hidden = true;
  const fragment = document.createDocumentFragment();
  for (const r of visible) {
    r.tr.hidden = false;
    fragment.appendChild(r.tr);
  }
  tbody.prepend(fragment);
  shownRows = visible;
  table.classList.toggle("all", state.all === "1");
  for (const th of table.tHead.rows[0].cells) {
    if (th.dataset.sort === state.sort) th.setAttribute("aria-sort", state.dir === "desc" ? "descending" : "ascending");
    else th.removeAttribute("aria-sort");
  }
  const found = matches.filter((r) => !r.offering).length;
  const fmt = (n) => n.toLocaleString("en-US");
  count.textContent = matches.length > visible.length
    ? `${fmt(found)} of ${fmt(total)} models match; the first ${fmt(visible.length)} rows are shown`
    : `${fmt(found)} of ${fmt(total)} models shown`;
  more.hidden = matches.length <= visible.length;
  more.textContent = `Show ${fmt(Math.min(PAGE, matches.length - visible.length))} more`;
}

function update() {
  limit = PAGE;
  const state = stateFromForm();
  writeUrl(state);
  apply(state);
}

for (const th of table.tHead.rows[0].cells) {
  const button = document.createElement("button");
  button.type = "button";
  button.textContent = th.textContent;
  th.textContent = "";
  th.appendChild(button);
  button.addEventListener("click", () => {
    const state = stateFromForm();
    const key = th.dataset.sort;
    state.dir = state.sort === key && state.dir !== "desc" ? "desc" : "asc";
    state.sort = key;
    writeUrl(state);
    apply(state);
  });
}

const more = document.createElement("button");
more.type = "button";
more.className = "more-rows";
table.parentElement.after(more);
more.addEventListener("click", () => {
  limit += PAGE;
  apply(stateFromForm());
});

form.hidden = false;
table.classList.add("ready");
form.addEventListener("input", update);
form.addEventListener("change", update);
form.addEventListener("submit", (event) => { event.preventDefault(); update(); });
form.addEventListener("reset", () => setTimeout(update, 0));
const initial = readState(location.search);
writeForm(initial);
const MORE = ["status", "in", "out", "cap", "maxin", "maxout", "minctx"];
if (MORE.some((key) => initial[key].length)) document.getElementById("more-filters").open = true;
apply(initial);
