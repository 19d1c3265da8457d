// How many per-request cost estimates per second the JavaScript twin computes (the site's
// calculator recomputes on every slider move). Run from the repository root:
//
//   node benchmarks/bench_pricing_js.mjs
import { compilePrices, estimateRequest, workloadCost } from "../templates/static/js/pricing.mjs";

const source = { source: "https://example.com/pricing", verified: "2026-11-01" };
const chat = {
  id: "example/chat",
  pricing: {
    ...source, input: "1.25", output: "10", cache_read: "0.125", cache_write_5m: "1.5625", reasoning: "12",
    tiers: [{ above: 200000, input: "2.5", output: "15", cache_read: "0.25" }],
    variants: { batch: { multiplier: "0.5" }, priority: { input: "2.5", output: "20" } },
  },
  price_history: [],
};
const images = {
  id: "example/images",
  pricing: {
    ...source, output_per_image: "0.04",
    output_images: [{ size: "1024x1024", quality: "hd", price: "0.08" }, { size: "1792x1024", quality: "hd", price: "0.12" }],
  },
  price_history: [],
};
const chatbot = {
  name: "chatbot", usage: { input_tokens: 1500, output_tokens: 350 }, requests_per_day: "2000",
  cache_hit_rate: "0.5", batch_share: "0.3",
};

function rate(label, fn, n) {
  fn();
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) fn();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const perSecond = n / seconds;
  console.log(`${label.padEnd(52)} ${Math.round(perSecond).toLocaleString("en-US").padStart(12)} /s  (${((seconds * 1e6) / n).toFixed(2)} us each, n=${n.toLocaleString("en-US")})`);
  return perSecond;
}

const n = Number(process.argv[2] ?? 500000);
const chatTable = compilePrices(chat);
const batchTable = compilePrices(chat, null, "batch");
const imageTable = compilePrices(images);
const plain = { input_tokens: 1500, output_tokens: 350, requests: 1 };
const cached = { input_tokens: 250000, cache_read_tokens: 200000, cache_write_5m_tokens: 10000, output_tokens: 2000, reasoning_tokens: 1500, requests: 1 };
const picture = { images_out: 4, image_size: "1792x1024", image_quality: "hd", requests: 1 };

console.log(`Node ${process.version}, Number arithmetic`);
rate("estimateRequest: chat, 2 components", () => estimateRequest(chatTable, plain), n);
rate("estimateRequest: cached, tiered, reasoning (5 lines)", () => estimateRequest(chatTable, cached), n);
rate("estimateRequest: batch variant", () => estimateRequest(batchTable, plain), n);
rate("estimateRequest: sized image", () => estimateRequest(imageTable, picture), n);
rate("compilePrices (once per model, date, variant)", () => compilePrices(chat), n / 10);
rate("workloadCost: monthly bill, standard + batch", () => workloadCost(chat, chatbot), n / 10);
