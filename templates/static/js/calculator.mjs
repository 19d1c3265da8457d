// The calculator page: one workload (a preset, its settings changeable) priced on several
// models with the cost engine's twin, monthly bills side by side. Everything is in the URL:
// ?workload=chatbot&models=acme/sage,globex/quill&requests_per_day=500&input_tokens=3000
// (only settings that differ from the preset are written).

import { workloadCost } from "./pricing.mjs";
import { formatBill } from "./money.mjs";
import { fetchChosen, loadChoices, readState, showChosen, writeState } from "./chooser.mjs";

const root = document.getElementById("calc");
const dataNode = document.getElementById("calc-data");
const MOST = 12;
const SHARES = new Set(["cache_hit_rate", "batch_share"]);

if (root && dataNode && JSON.parse(dataNode.textContent).workloads.length) {
  const data = JSON.parse(dataNode.textContent);
  const form = document.getElementById("calc-form");
  const select = document.getElementById("calc-workload");
  const usageBox = document.getElementById("calc-usage");
  const input = document.getElementById("calc-add");
  const chosenList = document.getElementById("calc-chosen");
  const status = document.getElementById("calc-status");
  const describe = document.getElementById("calc-describe");
  const body = document.querySelector("#calc-bills tbody");
  const settings = [...form.querySelectorAll("input[data-setting]")];
  const state = readState(MOST);
  const labels = new Map(data.usage_labels);
  const names = new Map();
  let chosen = state.models;
  let resolve = () => null;
  let latest = 0;  // a slower, older update must not overwrite a newer one

  const preset = () => data.workloads.find((w) => w.name === select.value);

  // One number input per usage field the preset sets (image size and quality stay the preset's).
  const loadPreset = (params) => {
    const w = preset();
    describe.textContent = `${w.description} For ${w.kinds.join(", ")} models.`;
    const fields = [...labels.keys()].filter((f) => typeof w.usage[f] === "number");
    usageBox.replaceChildren(...fields.map((field) => {
      const value = w.usage[field];
      const div = document.createElement("div");
      div.className = "field";
      const label = document.createElement("label");
      label.htmlFor = `calc-u-${field}`;
      label.textContent = labels.get(field);
      const box = document.createElement("input");
      Object.assign(box, { id: `calc-u-${field}`, type: "number", min: "0", step: "1", inputMode: "numeric" });
      box.dataset.usage = field;
      box.value = params?.get(field) ?? value;
      div.append(label, box);
      return div;
    }));
    for (const box of settings) box.value = params?.get(box.dataset.setting) ?? w[box.dataset.setting] ?? 0;
  };

  // The workload as set in the form, or a sentence saying which setting is out of range.
  const current = () => {
    const w = preset();
    const usage = { ...w.usage };
    const workload = { ...w, usage };
    for (const box of usageBox.querySelectorAll("input[data-usage]")) usage[box.dataset.usage] = Number(box.value);
    for (const box of settings) workload[box.dataset.setting] = Number(box.value);
    for (const [field, value] of [...Object.entries(usage), ...settings.map((b) => [b.dataset.setting, workload[b.dataset.setting]])]) {
      if (typeof value === "number" && (!Number.isFinite(value) || value < 0)) return `${labels.get(field) ?? field.replaceAll("_", " ")} must be a number of at least 0.`;
      if (SHARES.has(field) && value > 1) return `${field.replaceAll("_", " ")} is a share: between 0 and 1.`;
    }
    if ((usage.reasoning_tokens ?? 0) > (usage.output_tokens ?? 0)) usage.reasoning_tokens = usage.output_tokens;
    return workload;
  };

  const changed = (workload) => {
    const w = preset();
    const out = [];
    for (const [field, value] of Object.entries(workload.usage)) if (typeof value === "number" && value !== w.usage[field]) out.push([field, value]);
    for (const box of settings) {
      const field = box.dataset.setting;
      if (workload[field] !== Number(w[field] ?? 0)) out.push([field, workload[field]]);
    }
    return out;
  };

  const cell = (tr, text, numeric) => {
    const td = document.createElement("td");
    if (numeric) td.className = "n";
    td.textContent = text;
    tr.append(td);
  };

  const update = async () => {
    const run = ++latest;
    const workload = current();
    if (typeof workload === "string") {
      status.textContent = workload;
      return;
    }
    writeState(chosen, select.value, changed(workload));
    const { models, problems, kept } = await fetchChosen(root.dataset.root, chosen);
    if (run !== latest) return;
    for (const m of models) names.set(m.id, m.name);
    if (problems.length) {
      chosen = kept;
      writeState(chosen, select.value, changed(workload));
    }
    showChosen(chosenList, chosen, names, (id) => { chosen = chosen.filter((x) => x !== id); update(); });
    const rows = models.map((m) => {
      const tr = document.createElement("tr");
      const th = document.createElement("th");
      th.scope = "row";
      const a = document.createElement("a");
      a.href = `${root.dataset.root}${m.page}`;
      a.textContent = m.name;
      th.append(a);
      tr.append(th);
      tr.dataset.model = m.id;
      if (!workload.kinds.includes(m.kind)) {
        cell(tr, `not priced: for ${workload.kinds.join(", ")} models`);
        cell(tr, "", true);
        cell(tr, "");
        return tr;
      }
      const month = workloadCost(m, workload, { at: data.at }).monthly;
      cell(tr, month.total === null ? `unknown (known part ${formatBill(month.known_subtotal)})` : formatBill(month.total), true);
      cell(tr, month.average_per_request === null ? "unknown" : formatBill(month.average_per_request), true);
      cell(tr, month.unknown.map((u) => u.reason).join("; ") || "none");
      return tr;
    });
    body.replaceChildren(...rows);
    status.textContent = [...problems, models.length ? `${models.length} model${models.length === 1 ? "" : "s"} priced.` : "Add models to price the workload on."].join(" ");
  };

  select.value = data.workloads.some((w) => w.name === state.workload) ? state.workload : data.workloads[0].name;
  loadPreset(state.params);
  select.addEventListener("change", () => { loadPreset(null); update(); });
  form.addEventListener("input", (event) => { if (event.target !== input && event.target !== select) update(); });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const id = resolve(input.value);
    if (!id) {
      status.textContent = `No model named “${input.value.trim()}”: pick one of the suggestions.`;
      return;
    }
    if (!chosen.includes(id) && chosen.length < MOST) chosen = [...chosen, id];
    input.value = "";
    update();
  });
  root.hidden = false;
  loadChoices(root.dataset.root, document.getElementById("calc-choices")).then((r) => { resolve = r; });
  update();
}
