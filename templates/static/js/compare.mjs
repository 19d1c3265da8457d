// The compare page: two to four models in columns, each section of the model page a group of
// rows, and the chosen workload's monthly bill from the cost engine's twin (the same figure as
// `catalog estimate MODEL --workload NAME`). The models come from the site's API; the choice
// lives in the URL (?models=acme/sage,globex/quill&workload=chatbot).

import { blockAt, workloadCost } from "./pricing.mjs";
import { formatBill, formatCount, formatPrice } from "./money.mjs";
import { fetchChosen, loadChoices, readState, showChosen, writeState } from "./chooser.mjs";

const root = document.getElementById("compare");
const dataNode = document.getElementById("cmp-data");

// A unit price as views.price_text words it: absent is unknown, 0 is free.
const priceText = (v) => (v === null || v === undefined ? "unknown" : Number(v) === 0 ? "free" : formatPrice(v));
const countText = (v) => (v === null || v === undefined ? "not published" : `${formatCount(v)} tokens`);

function list(items) {
  if (!items.length) return "none";
  const ul = document.createElement("ul");
  for (const text of items) {
    const li = document.createElement("li");
    li.textContent = text;
    ul.append(li);
  }
  return ul;
}

function link(href, text) {
  const a = document.createElement("a");
  a.href = href;
  a.textContent = text;
  return a;
}

function layerText(layer, data) {
  const parts = data.components.filter(([c]) => layer[c] !== undefined && layer[c] !== null)
    .map(([c, name]) => `${name} ${priceText(layer[c])}`);
  if (layer.multiplier) parts.push(`every other price × ${layer.multiplier}`);
  return parts.join(", ") || "prices not published";
}

function workloadCell(model, workload, data) {
  if (!workload) return "no workload chosen";
  if (!workload.kinds.includes(model.kind)) return `not priced: ${workload.name} is for ${workload.kinds.join(", ")} models`;
  const month = workloadCost(model, workload, { at: data.at }).monthly;
  if (month.total === null) {
    return `unknown (known part ${formatBill(month.known_subtotal)}); missing: ${month.unknown.map((m) => m.reason).join("; ")}`;
  }
  return formatBill(month.total);
}

// Each section: a title and rows of [label, model -> cell]; a row whose cells all read the same
// "nothing" is kept, since it still tells the models apart from the page's other sections.
function sections(models, workload, data) {
  const blocks = new Map(models.map((m) => [m.id, blockAt(m, data.at)]));
  const priced = data.components.filter(([c]) => models.some((m) => {
    const b = blocks.get(m.id);
    return b && b[c] !== undefined && b[c] !== null;
  }));
  const metrics = [];
  for (const m of models) {
    for (const s of m.enrichment.metrics) {
      if (s.rank !== null && !metrics.some((x) => x.metric === s.metric)) metrics.push(s);
    }
  }
  const benchmarks = [...new Set(models.flatMap((m) => (m.benchmarks ?? []).map((b) => b.name)))];
  const api = (m) => m.api ?? {};
  const limits = (m) => m.api?.rate_limits ?? {};
  return [
    ["Overview", [
      ["Provider", (m) => data.providers[m.provider] ?? m.provider],
      ["Kind", (m) => m.kind],
      ["Status", (m) => {
        const span = document.createElement("span");
        span.className = `badge ${m.effective_status}`;
        span.textContent = m.effective_status;
        return span;
      }],
      ["Id", (m) => m.id],
      ["Canonical model", (m) => m.canonical_id],
      ["Released", (m) => m.released ?? "not published"],
      ["Summary", (m) => m.summary ?? ""],
    ]],
    ["Pricing", [
      ...priced.map(([c, name, unit]) => [`${name} ${unit}`, (m) => {
        const b = blocks.get(m.id);
        return b ? priceText(b[c]) : "unknown";
      }]),
      ["Per generated image", (m) => list((blocks.get(m.id)?.output_images ?? [])
        .map((i) => `${i.size} ${i.quality ?? "any"}: ${priceText(i.price)}`))],
      ["Context tiers", (m) => list((blocks.get(m.id)?.tiers ?? [])
        .map((t) => `above ${formatCount(t.above)} tokens: ${layerText(t, data)}`))],
      ["Batch, priority, flex", (m) => list(Object.entries(blocks.get(m.id)?.variants ?? {})
        .map(([name, v]) => `${name}: ${layerText(v, data)}`))],
      ["Time of day", (m) => list((blocks.get(m.id)?.windows ?? [])
        .map((w) => `${w.name} ${w.start}–${w.end} UTC: ${layerText(w, data)}`))],
      ["Other dated prices", (m) => list([m.pricing, ...(m.price_history ?? [])]
        .filter((b) => b && b !== blocks.get(m.id))
        .map((b) => `${b.effective ? `from ${b.effective}` : "earliest"}: ${layerText(b, data)}`))],
      ["Verified", (m) => {
        const b = blocks.get(m.id);
        if (!b) return "no prices published";
        const span = document.createElement("span");
        span.append(`${b.verified} against `, link(b.source, "the source"));
        return span;
      }],
    ]],
    ["What the workload costs a month", [
      [workload ? `${workload.name} (${formatCount(workload.requests_per_day)} requests a day)` : "Workload",
        (m) => workloadCell(m, workload, data)],
    ]],
    ["Limits and modalities", [
      ["Context window", (m) => countText(m.limits?.context_window)],
      ["Max input", (m) => (m.limits?.max_input || !m.limits?.context_window ? countText(m.limits?.max_input)
        : "the context window less the output")],
      ["Max output", (m) => countText(m.limits?.max_output)],
      ["Input", (m) => (m.modalities?.input ?? []).join(", ") || "not published"],
      ["Output", (m) => (m.modalities?.output ?? []).join(", ") || "not published"],
    ]],
    ["Capabilities", data.capabilities.map(([key, label]) => [label, (m) => {
      const flag = m.capabilities?.[key];
      return flag === true ? "supported" : flag === false ? "not supported" : "not advertised";
    }])],
    ["Strengths and caveats", [
      ["Where it's strong", (m) => list(m.enrichment.strengths.map((s) => s.sentence))],
      ["Watch out for", (m) => list(m.enrichment.caveats.map((c) => c.sentence))],
      ...metrics.map((s) => [`Among peers: ${s.label}`, (m) => {
        const mine = m.enrichment.metrics.find((x) => x.metric === s.metric);
        return mine && mine.rank !== null ? `rank ${formatCount(mine.rank)} of ${formatCount(mine.n)}` : "not ranked";
      }]),
    ]],
    ["How to call it", [
      ["Protocol", (m) => api(m).protocol ?? "not documented"],
      ["Rate limit", (m) => (limits(m).requests_per_minute ? `${formatCount(limits(m).requests_per_minute)} requests/minute` : "not published")],
      ["Concurrent requests", (m) => (limits(m).concurrent_requests ? formatCount(limits(m).concurrent_requests) : "not published")],
      ["Typical response time", (m) => (api(m).typical_response_seconds ? `about ${api(m).typical_response_seconds} s` : "not published")],
      ["Output format", (m) => api(m).output_format ?? "not published"],
      ["Input parameters", (m) => (api(m).parameters ?? []).map((p) => p.name).join(", ") || "not documented"],
    ]],
    ["About", [
      ["Open weights", (m) => (m.open_weights === true ? "yes" : m.open_weights === false ? "no" : "not published")],
      ["Knowledge cutoff", (m) => m.knowledge_cutoff ?? "not published"],
      ...benchmarks.map((name) => [`Benchmark: ${name}`, (m) => {
        const b = (m.benchmarks ?? []).find((x) => x.name === name);
        return b ? `${b.score}${b.unit === "percent" ? "%" : ` ${b.unit}`} (${b.date})` : "none recorded";
      }]),
      ["Similar models", (m) => {
        const span = document.createElement("span");
        m.enrichment.similar.forEach((s, i) => {
          if (i) span.append(", ");
          span.append(link(`${root.dataset.root}models/${s.id}/`, s.id));
        });
        return m.enrichment.similar.length ? span : "none found";
      }],
      ["Links", (m) => {
        const span = document.createElement("span");
        span.append(link(`${root.dataset.root}${m.page}`, "model page"), " · ",
          link(`${root.dataset.root}api/v1/models/${m.id}.json`, "JSON"));
        return span;
      }],
    ]],
  ];
}

function render(table, models, workload, data) {
  const head = document.createElement("thead");
  const top = head.insertRow();
  const corner = document.createElement("td");
  top.append(corner);
  for (const m of models) {
    const th = document.createElement("th");
    th.scope = "col";
    th.append(link(`${root.dataset.root}${m.page}`, m.name));
    top.append(th);
  }
  const bodies = sections(models, workload, data).map(([title, rows]) => {
    const body = document.createElement("tbody");
    const heading = body.insertRow();
    heading.className = "section";
    const th = document.createElement("th");
    th.scope = "rowgroup";
    th.colSpan = models.length + 1;
    th.textContent = title;
    heading.append(th);
    for (const [label, cell] of rows) {
      const tr = body.insertRow();
      const rowHead = document.createElement("th");
      rowHead.scope = "row";
      rowHead.textContent = label;
      tr.append(rowHead);
      for (const m of models) {
        const td = document.createElement("td");
        td.append(cell(m));
        tr.append(td);
      }
    }
    return body;
  });
  table.replaceChildren(head, ...bodies);
}

if (root && dataNode) {
  const data = JSON.parse(dataNode.textContent);
  const form = document.getElementById("cmp-form");
  const input = document.getElementById("cmp-add");
  const chosenList = document.getElementById("cmp-chosen");
  const status = document.getElementById("cmp-status");
  const table = document.getElementById("cmp-table");
  const select = document.getElementById("cmp-workload");
  const state = readState(data.most);
  let chosen = state.models;
  const names = new Map();
  if (select && data.workloads.some((w) => w.name === state.workload)) select.value = state.workload;
  let resolve = () => null;
  let latest = 0;  // a slower, older update must not overwrite a newer one

  const update = async () => {
    const run = ++latest;
    const workload = select ? data.workloads.find((w) => w.name === select.value) : null;
    writeState(chosen, select ? select.value : null);
    const { models, problems, kept } = await fetchChosen(root.dataset.root, chosen);
    if (run !== latest) return;
    for (const m of models) names.set(m.id, m.name);
    chosen = kept;
    showChosen(chosenList, chosen, names, (id) => { chosen = chosen.filter((x) => x !== id); update(); });
    if (problems.length) writeState(chosen, select ? select.value : null);
    input.disabled = chosen.length >= data.most;
    const hint = models.length < 2 ? `Add ${models.length ? "another model" : "two to four models"} to compare.`
      : `${models.length} models compared.`;
    status.textContent = [...problems, hint].join(" ");
    if (models.length) render(table, models, workload, data);
    else table.replaceChildren();
  };

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const id = resolve(input.value);
    if (!id) {
      status.textContent = `No model named “${input.value.trim()}”: pick one of the suggestions.`;
      return;
    }
    if (!chosen.includes(id) && chosen.length < data.most) chosen = [...chosen, id];
    input.value = "";
    update();
  });
  select?.addEventListener("change", update);
  root.hidden = false;
  loadChoices(root.dataset.root, document.getElementById("cmp-choices")).then((r) => { resolve = r; });
  update();
}
