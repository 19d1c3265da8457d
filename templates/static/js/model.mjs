// The model page's behaviour: the copy button, and the workload calculator, which prices the
// chosen preset (as changed by the sliders) with the cost engine's JavaScript twin from the
// model's own JSON, so it gives the same monthly bill as `catalog estimate`.

import { workloadCost } from "./pricing.mjs";
import { formatBill, formatCount, formatPrice } from "./money.mjs";

for (const button of document.querySelectorAll("button[data-copy]")) {
  const source = document.getElementById(button.dataset.copy);
  if (!source || !navigator.clipboard) continue;
  button.hidden = false;
  button.addEventListener("click", async () => {
    await navigator.clipboard.writeText(source.textContent.trim());
    button.textContent = "Copied";
    setTimeout(() => { button.textContent = "Copy id"; }, 1500);
  });
}

const NAMES = {
  input: "Input", output: "Output", cache_read: "Cached input (read)", cache_write_5m: "Cache write, 5 minutes",
  cache_write_1h: "Cache write, 1 hour", reasoning: "Reasoning", input_audio: "Audio input", output_audio: "Audio output",
  cache_read_audio: "Cached audio input", input_image: "Image input tokens", output_image: "Image output tokens",
  input_video: "Video input tokens", input_per_image: "Input image", output_per_image: "Generated image",
  per_request: "Per request", input_per_second: "Input media", output_per_second: "Generated media",
  web_search: "Web search", input_characters: "Input characters", per_page: "Page",
};

const calculator = document.getElementById("calculator");
const dataNode = document.getElementById("calc-data");
if (calculator && dataNode) {
  const data = JSON.parse(dataNode.textContent);
  const preset = document.getElementById("calc-preset");
  const total = document.getElementById("calc-total");
  const missing = document.getElementById("calc-missing");
  const lines = document.getElementById("calc-lines");
  const usageInputs = [...calculator.querySelectorAll("input[data-usage]")];
  const fieldInputs = [...calculator.querySelectorAll("input[data-field]")];

  const show = (input) => {
    const out = document.getElementById(`${input.id}-value`);
    if (out) out.value = input.dataset.field ? `${Math.round(Number(input.value) * 100)}%` : formatCount(input.value);
  };

  const load = () => {
    const w = data.workloads[Number(preset.value)];
    for (const input of usageInputs) input.value = w.usage[input.dataset.usage] ?? 0;
    for (const input of fieldInputs) input.value = w[input.dataset.field] ?? 0;
  };

  const current = () => {
    const base = data.workloads[Number(preset.value)];
    const usage = { ...base.usage };
    for (const input of usageInputs) usage[input.dataset.usage] = Number(input.value);
    const workload = { ...base, usage };
    for (const input of fieldInputs) workload[input.dataset.field] = Number(input.value);
    if ((usage.reasoning_tokens ?? 0) > (usage.output_tokens ?? 0)) usage.reasoning_tokens = usage.output_tokens;
    return workload;
  };

  const render = () => {
    for (const input of [...usageInputs, ...fieldInputs]) show(input);
    const cost = workloadCost(data.model, current(), { at: data.at });
    const month = cost.monthly;
    if (month.total === null) {
      total.textContent = `unknown (known part ${formatBill(month.known_subtotal)})`;
      missing.textContent = `Missing: ${month.unknown.map((m) => m.reason).join("; ")}.`;
    } else {
      total.textContent = formatBill(month.total);
      missing.textContent = "";
    }
    lines.replaceChildren(...month.by_component.map((line) => {
      const tr = document.createElement("tr");
      const cells = [NAMES[line.component] ?? line.component, formatCount(Math.round(line.quantity * 100) / 100),
        line.unit_price === null ? "varies" : formatPrice(line.unit_price), formatBill(line.amount)];
      cells.forEach((text, i) => {
        const cell = document.createElement(i === 0 ? "th" : "td");
        if (i === 0) cell.scope = "row"; else cell.className = "n";
        cell.textContent = text;
        tr.appendChild(cell);
      });
      return tr;
    }));
  };

  preset.addEventListener("change", () => { load(); render(); });
  calculator.addEventListener("input", render);
  load();
  calculator.hidden = false;
  render();
}
