// The cost engine's JavaScript twin: the same per-request and monthly costs as
// catalog/pricing.py and catalog/workloads.py, for the site's calculator, held to them by the
// shared vectors in tests/vectors/pricing.json. It reads the model JSON the site exports
// (decimals as strings, unknown prices null) and uses plain Numbers:
//
//   import { estimate } from "./pricing.mjs";
//   estimate(model, { images_out: 1000 }).total            // 39
//   estimate(model, { input_tokens: 1000, images_out: 1000 }).total   // null: input unknown
//
// Every convention (inclusive counts, tiers per request, tier -> window -> variant, the
// per-request surcharge, image matching) is documented once, in catalog/pricing.py.

/** Unit of every price component; a Python test checks it against catalog.units. */
export const UNITS = {
  input: { key: "per_1m_tokens", per: 1e6, label: "per 1M tokens" },
  output: { key: "per_1m_tokens", per: 1e6, label: "per 1M tokens" },
  cache_read: { key: "per_1m_tokens", per: 1e6, label: "per 1M tokens" },
  cache_write_5m: { key: "per_1m_tokens", per: 1e6, label: "per 1M tokens" },
  cache_write_1h: { key: "per_1m_tokens", per: 1e6, label: "per 1M tokens" },
  reasoning: { key: "per_1m_tokens", per: 1e6, label: "per 1M tokens" },
  input_audio: { key: "per_1m_tokens", per: 1e6, label: "per 1M tokens" },
  output_audio: { key: "per_1m_tokens", per: 1e6, label: "per 1M tokens" },
  cache_read_audio: { key: "per_1m_tokens", per: 1e6, label: "per 1M tokens" },
  input_image: { key: "per_1m_tokens", per: 1e6, label: "per 1M tokens" },
  output_image: { key: "per_1m_tokens", per: 1e6, label: "per 1M tokens" },
  input_video: { key: "per_1m_tokens", per: 1e6, label: "per 1M tokens" },
  input_per_image: { key: "per_image", per: 1, label: "per image" },
  output_per_image: { key: "per_image", per: 1, label: "per image" },
  per_request: { key: "per_request", per: 1, label: "per request" },
  input_per_second: { key: "per_second", per: 1, label: "per second" },
  output_per_second: { key: "per_second", per: 1, label: "per second" },
  web_search: { key: "per_1k_searches", per: 1000, label: "per 1k searches" },
  input_characters: { key: "per_1m_characters", per: 1e6, label: "per 1M characters" },
  per_page: { key: "per_page", per: 1, label: "per page" },
};
export const COMPONENTS = Object.keys(UNITS);

/** A usage that cannot be real: negative counts, cached tokens exceeding the prompt. */
export class UsageError extends Error {}
/** An estimate that cannot be asked: an unknown variant, a malformed date. */
export class EstimateError extends Error {}

const QUANTITIES = [
  "input_tokens", "cache_read_tokens", "cache_write_5m_tokens", "cache_write_1h_tokens",
  "output_tokens", "reasoning_tokens", "input_audio_tokens", "cache_read_audio_tokens",
  "output_audio_tokens", "input_image_tokens", "output_image_tokens", "input_video_tokens",
  "images_in", "images_out", "input_seconds", "output_seconds", "searches",
  "input_characters", "pages", "requests",
];

const num = (v) => (v === null || v === undefined ? null : Number(v));

/** A usage object with every quantity a finite Number >= 0 (absent means 0). */
export function normaliseUsage(usage = {}) {
  const out = { image_size: usage.image_size ?? null, image_quality: usage.image_quality ?? null };
  for (const name of QUANTITIES) {
    const value = usage[name] === undefined || usage[name] === null ? 0 : Number(usage[name]);
    if (!Number.isFinite(value) || value < 0) {
      throw new UsageError(`${name} must be zero or more, got ${usage[name]}`);
    }
    out[name] = value;
  }
  return out;
}

/** The whole prompt that decides the context tier, cached tokens included. */
export function promptTokens(u) {
  return u.input_tokens + u.input_audio_tokens + u.input_image_tokens + u.input_video_tokens;
}

// --- dates and times -----------------------------------------------------------------------

/** Parse `at`: "YYYY-MM-DD" (a day) or an ISO datetime (UTC unless it says otherwise). */
export function parseAt(at) {
  if (at === null || at === undefined) return null;
  const text = String(at).trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return { day: text, clock: null };
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:\d{2})?$/.exec(text);
  if (!m) throw new EstimateError(`at ${JSON.stringify(at)} is not a date or a datetime`);
  const when = new Date(`${m[1]}T${m[2]}${m[3] ?? "Z"}`);
  if (Number.isNaN(when.getTime())) throw new EstimateError(`at ${JSON.stringify(at)} is not a date or a datetime`);
  const iso = when.toISOString();
  return { day: iso.slice(0, 10), clock: iso.slice(11, 16), weekday: WEEKDAYS[(when.getUTCDay() + 6) % 7] };
}

/** Day names of a window's `days`, Monday first. */
export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/** The current day in UTC, "YYYY-MM-DD": the day an estimate without `at` prices. */
export function today() {
  return new Date().toISOString().slice(0, 10);
}

/** The pricing block in force on `at` (greatest `effective` <= the day; none = earliest);
 * without `at`, the block in force today (UTC), never one announced for a later day. */
export function blockAt(model, at) {
  const parsed = typeof at === "object" && at !== null ? at : parseAt(at);
  const when = parsed ?? { day: today(), clock: null };
  let best = null;
  let bestDay = "";
  for (const block of [model.pricing, ...(model.price_history ?? [])]) {
    if (!block) continue;
    const effective = block.effective ?? "";
    if (effective <= when.day && (best === null || effective > bestDay)) {
      best = block;
      bestDay = effective;
    }
  }
  return best;
}

/** Whether window `w` is in force at moment {clock, weekday}: on its days (all when none),
 * start inclusive, end exclusive, across midnight when end < start, all day when equal. */
export function windowCovers(w, moment) {
  if ((w.days ?? []).length && !w.days.includes(moment.weekday)) return false;
  const clock = moment.clock;
  if (w.start < w.end) return w.start <= clock && clock < w.end;
  if (w.start > w.end) return clock >= w.start || clock < w.end;
  return true;
}

/** The index of the first of `windows` in force at `moment` ({clock, weekday}), or null. */
export function windowIndex(windows, moment) {
  if (moment === null || moment === undefined || moment.clock === null) return null;
  const i = (windows ?? []).findIndex((w) => windowCovers(w, moment));
  return i < 0 ? null : i;
}

/** The first of the block's time windows in force at `moment`, or null. */
export function windowInForce(block, moment) {
  const i = windowIndex(block.windows, moment);
  return i === null ? null : block.windows[i];
}

// --- compiling a model's prices --------------------------------------------------------------

// Within `tier`, a component the tier lists takes the layer's own tier price, else the
// multiplier, never the layer's flat price (see catalog/pricing.py).
function replace(prices, layer, multiplier, label, tier = null) {
  const out = {};
  const own = tier ? (layer.tiers ?? []).find((t) => t.above === tier.above) ?? null : null;
  for (const c of COMPONENTS) {
    const tiered = tier !== null && num(tier[c]) !== null;
    let listed = own === null ? null : num(own[c]);
    if (listed === null && !tiered) listed = num(layer[c]);
    const [price, reason] = prices[c];
    if (listed !== null) out[c] = [listed, null];
    else if (multiplier !== null) out[c] = [price === null ? null : price * multiplier, reason];
    else if (tiered) {
      out[c] = [null, `not listed above ${String(tier.above).replace(/\B(?=(\d{3})+(?!\d))/g, ",")} prompt tokens for the ${label}, which has no multiplier`];
    } else out[c] = [null, `not listed for the ${label}, which has no multiplier`];
  }
  return out;
}

function replaceImages(images, layer, multiplier) {
  if (num(layer.output_per_image) !== null) return [];
  return images.map((i) => ({ ...i, price: i.price === null || multiplier === null ? null : i.price * multiplier }));
}

function level(block, tier, window, variantPrices, variant) {
  let prices = {};
  for (const c of COMPONENTS) {
    let price = num(block[c]);
    if (tier && num(tier[c]) !== null) price = num(tier[c]);
    prices[c] = [price, price !== null ? null : "not published"];
  }
  let images = (block.output_images ?? []).map((i) => ({ size: i.size, quality: i.quality ?? null, price: num(i.price) }));
  if (tier && num(tier.output_per_image) !== null) images = [];
  if (window) {
    const label = `${window.name} window`;
    prices = replace(prices, window, num(window.multiplier), label, tier);
    images = replaceImages(images, window, num(window.multiplier));
  }
  if (variantPrices) {
    prices = replace(prices, variantPrices, num(variantPrices.multiplier), `${variant} variant`, tier);
    images = replaceImages(images, variantPrices, num(variantPrices.multiplier));
  }
  const quoted = {};
  const reasons = {};
  for (const c of COMPONENTS) {
    quoted[c] = prices[c][0];
    if (prices[c][0] === null && prices[c][1] !== null) reasons[c] = prices[c][1];
  }
  return { prices: quoted, reasons, images };
}

/** Resolve a model's prices for a date (and time of day) and a variant, once; `moment`
 * ({clock, weekday}) prices a time of day that `at` does not say. */
export function compilePrices(model, at = null, variant = null, moment = null) {
  const when = parseAt(at);
  const block = blockAt(model, when);
  const std = variant === "standard" ? null : variant;
  if (block === null) {
    const reason = !model.pricing ? "no prices published" : `no prices in force on ${when === null ? today() : when.day}`;
    const prices = Object.fromEntries(COMPONENTS.map((c) => [c, null]));
    const reasons = Object.fromEntries(COMPONENTS.map((c) => [c, reason]));
    return {
      model: model.id, at, variant: std, window: null, base: { prices, reasons, images: [] }, tiers: [],
      reasoningApart: false, chargesPerRequest: true, cachesPrompts: false, variantsOffered: [],
    };
  }
  let variantPrices = null;
  if (std !== null) {
    variantPrices = (block.variants ?? {})[std] ?? null;
    if (variantPrices === null) {
      const offered = Object.keys(block.variants ?? {}).sort().join(", ") || "none";
      throw new EstimateError(`${model.id} has no '${std}' variant (offered: ${offered})`);
    }
  }
  const window = windowInForce(block, moment ?? when);
  const tiers = [...(block.tiers ?? [])].sort((a, b) => b.above - a.above);
  return {
    model: model.id,
    at,
    variant: std,
    window: window === null ? null : window.name,
    base: level(block, null, window, variantPrices, std),
    tiers: tiers.map((t) => [t.above, level(block, t, window, variantPrices, std)]),
    reasoningApart: num(block.reasoning) !== null || tiers.some((t) => num(t.reasoning) !== null),
    chargesPerRequest: num(block.per_request) !== null || tiers.some((t) => num(t.per_request) !== null),
    cachesPrompts: num(block.cache_read) !== null,
    variantsOffered: Object.keys(block.variants ?? {}).sort(),
  };
}

// --- pricing one request ---------------------------------------------------------------------

/** Split inclusive counts into the quantity of each price component, zeros left out. */
export function meteredQuantities(u, reasoningApart) {
  const uncached = u.input_tokens - u.cache_read_tokens - u.cache_write_5m_tokens - u.cache_write_1h_tokens;
  if (uncached < 0) throw new UsageError("cache reads and writes exceed input_tokens, which must include them");
  if (u.reasoning_tokens > u.output_tokens) throw new UsageError("reasoning_tokens exceed output_tokens, which must include them");
  const uncachedAudio = u.input_audio_tokens - u.cache_read_audio_tokens;
  if (uncachedAudio < 0) throw new UsageError("cache_read_audio_tokens exceed input_audio_tokens, which must include them");
  const reasoning = reasoningApart ? u.reasoning_tokens : 0;
  return [
    ["input", uncached],
    ["output", u.output_tokens - reasoning],
    ["cache_read", u.cache_read_tokens],
    ["cache_write_5m", u.cache_write_5m_tokens],
    ["cache_write_1h", u.cache_write_1h_tokens],
    ["reasoning", reasoning],
    ["input_audio", uncachedAudio],
    ["output_audio", u.output_audio_tokens],
    ["cache_read_audio", u.cache_read_audio_tokens],
    ["input_image", u.input_image_tokens],
    ["output_image", u.output_image_tokens],
    ["input_video", u.input_video_tokens],
    ["input_per_image", u.images_in],
    ["output_per_image", u.images_out],
    ["per_request", u.requests],
    ["input_per_second", u.input_seconds],
    ["output_per_second", u.output_seconds],
    ["web_search", u.searches],
    ["input_characters", u.input_characters],
    ["per_page", u.pages],
  ].filter(([, q]) => q !== 0);
}

/** The per-image price for size and quality: [price, ""] or [null, reason]. */
export function imagePrice(lvl, size, quality) {
  let best = null;
  let bestScore = -1;
  for (const entry of lvl.images) {
    let score;
    if (size !== null && entry.size === size) score = 2;
    else if (entry.size === "any") score = 0;
    else continue;
    if (quality !== null && entry.quality === quality) score += 1;
    else if (entry.quality !== null) continue;
    if (score > bestScore) {
      best = entry;
      bestScore = score;
    }
  }
  if (best !== null) {
    if (best.price === null) return [null, lvl.reasons.output_per_image || "not listed for this variant"];
    return [best.price, ""];
  }
  const flat = lvl.prices.output_per_image;
  if (flat !== null) return [flat, ""];
  if (lvl.images.length) {
    const wanted = [size, quality].filter((x) => x).join(" ") || "unspecified size";
    const qualities = [...new Set(lvl.images.filter((i) => i.quality && (i.size === size || i.size === "any")).map((i) => i.quality))];
    if (qualities.length && quality === null) {
      return [null, `no price for ${wanted} images without a quality: choose one of ${qualities.join(", ")} (--image-quality ${qualities.join("|")})`];
    }
    if (qualities.length) return [null, `no price for ${wanted} images; priced qualities: ${qualities.join(", ")}`];
    return [null, `no price for ${wanted} images`];
  }
  return [null, lvl.reasons.output_per_image ?? "not published"];
}

/** The itemised cost of one request with `usage` at the prices of `table`. */
export function estimateRequest(table, usage) {
  const u = normaliseUsage(usage);
  const prompt = promptTokens(u);
  let tier = null;
  let lvl = table.base;
  for (const [above, l] of table.tiers) {
    if (prompt > above) {
      tier = above;
      lvl = l;
      break;
    }
  }
  const lines = [];
  const unknown = [];
  let known = 0;
  for (const [component, quantity] of meteredQuantities(u, table.reasoningApart)) {
    const unit = UNITS[component];
    let price;
    let reason;
    if (component === "output_per_image") [price, reason] = imagePrice(lvl, u.image_size, u.image_quality);
    else {
      price = lvl.prices[component];
      reason = price !== null ? "" : lvl.reasons[component] ?? "not published";
    }
    if (price === null) {
      // an unlisted per-request fee is none; one a variant or window lists is charged
      if (component === "per_request" && !table.chargesPerRequest) continue;
      unknown.push({ component, quantity, unit: unit.key, reason: `${component}: USD ${unit.label} unknown (${reason})` });
      continue;
    }
    const amount = (price / unit.per) * quantity;
    known += amount;
    lines.push({ component, quantity, unit: unit.key, unit_price: price, amount });
  }
  return {
    model: table.model,
    currency: "USD",
    at: table.at,
    variant: table.variant,
    window: table.window,
    tier,
    total: unknown.length ? null : known,
    known_subtotal: known,
    unknown,
    lines,
  };
}

/** One request's cost on `model`; compile once with `compilePrices` when pricing many. */
export function estimate(model, usage, { at = null, variant = null } = {}) {
  return estimateRequest(compilePrices(model, at, variant), usage);
}

// --- many requests ---------------------------------------------------------------------------

/** `requests` x the share-weighted sum of per-request estimates ([[share, estimate], ...]). */
export function bill(parts, requests) {
  const kept = parts.filter(([share]) => share);
  const quantities = {};
  const amounts = {};
  const missing = {};
  let known = 0;
  for (const [share, est] of kept) {
    const weight = share * requests;
    for (const line of est.lines) {
      quantities[line.component] = (quantities[line.component] ?? 0) + line.quantity * weight;
      amounts[line.component] = (amounts[line.component] ?? 0) + line.amount * weight;
    }
    for (const gap of est.unknown) {
      const prior = missing[gap.component];
      missing[gap.component] = {
        component: gap.component,
        quantity: gap.quantity * weight + (prior ? prior.quantity : 0),
        unit: gap.unit,
        reason: prior ? prior.reason : gap.reason,
      };
    }
    known += est.known_subtotal * weight;
  }
  // the unit price every part charged, or null when they differ (an average nobody charges)
  const commonPrice = (c) => {
    const quoted = new Set(kept.flatMap(([, est]) => est.lines.filter((l) => l.component === c).map((l) => l.unit_price)));
    return quoted.size === 1 ? [...quoted][0] : null;
  };
  const byComponent = COMPONENTS.filter((c) => c in amounts).map((c) => ({
    component: c,
    quantity: quantities[c],
    unit: UNITS[c].key,
    unit_price: commonPrice(c),
    amount: amounts[c],
  }));
  const unknown = COMPONENTS.filter((c) => c in missing).map((c) => missing[c]);
  return { requests, parts: kept, total: unknown.length ? null : known, known_subtotal: known, unknown, by_component: byComponent };
}

// --- workloads -------------------------------------------------------------------------------

export const DEFAULT_DAYS_PER_MONTH = 30.4;

/** One typical request of `workload`, its cache reads set by the hit rate when the model caches. */
export function requestUsage(workload, table) {
  const u = { ...workload.usage };
  const input = Number(u.input_tokens ?? 0);
  u.cache_read_tokens = table.cachesPrompts ? input * Number(workload.cache_hit_rate ?? 0) : 0;
  u.requests = 1;
  return u;
}

const WEEK_MINUTES = 7 * 24 * 60;
const minutes = (clock) => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));

/** [[share, moment], ...]: the share of a week's requests sent while each window (or none) is
 * in force, with the first moment it is; busy hours weigh their share (catalog/workloads.py). */
export function trafficByWindow(windows, busy = null) {
  const edges = new Set([0, 24 * 60]);
  for (const span of [...windows, ...(busy ? [busy] : [])]) {
    edges.add(minutes(span.start));
    edges.add(minutes(span.end));
  }
  const cuts = [...edges].sort((a, b) => a - b);
  const pieces = [];
  for (const weekday of WEEKDAYS) {
    for (let i = 0; i + 1 < cuts.length; i++) {
      const start = cuts[i];
      const clock = `${String(Math.floor(start / 60)).padStart(2, "0")}:${String(start % 60).padStart(2, "0")}`;
      const moment = { clock, weekday };
      pieces.push([cuts[i + 1] - start, busy !== null && windowCovers(busy, moment), moment]);
    }
  }
  const busyMinutes = pieces.reduce((sum, [m, isBusy]) => sum + (isBusy ? m : 0), 0);
  const share = busy ? Number(busy.share) : 0;
  const groups = new Map();
  for (const [m, isBusy, moment] of pieces) {
    let weight;
    if (!busy) weight = m / WEEK_MINUTES;
    else if (isBusy) weight = (share * m) / busyMinutes;
    else weight = ((1 - share) * m) / (WEEK_MINUTES - busyMinutes);
    const key = windowIndex(windows, moment);
    const group = groups.get(key) ?? { share: 0, moment };
    group.share += weight;
    groups.set(key, group);
  }
  return [...groups.values()].filter((g) => g.share).map((g) => [g.share, g.moment]);
}

/** Parts whose requests cost the same (three spans of one off-peak rate) as one part. */
function samePricesTogether(parts) {
  const merged = [];
  for (const [share, est] of parts) {
    const key = JSON.stringify(est);
    const seen = merged.find((m) => m[2] === key);
    if (seen) seen[0] += share;
    else merged.push([share, est, key]);
  }
  return merged.map(([share, est]) => [share, est]);
}

/** A workload priced on one model: per-request estimates and the monthly bill. */
export function workloadCost(model, workload, { at = null, variant = null, daysPerMonth = DEFAULT_DAYS_PER_MONTH } = {}) {
  const table = compilePrices(model, at, variant);
  const perRequest = estimateRequest(table, requestUsage(workload, table));
  let share = 0;
  let batch = null;
  const batchShare = Number(workload.batch_share ?? 0);
  const withBatch = (variant === null || variant === "standard") && batchShare && table.variantsOffered.includes("batch");
  if (withBatch) {
    const batchTable = compilePrices(model, at, "batch");
    batch = estimateRequest(batchTable, requestUsage(workload, batchTable));
    share = batchShare;
  }
  const when = parseAt(at);
  const block = blockAt(model, when);
  const spread = (when !== null && when.clock !== null) || block === null || !(block.windows ?? []).length
    ? [[1, null]]
    : trafficByWindow(block.windows, workload.busy_hours ?? null);
  const parts = [];
  for (const [traffic, moment] of spread) {
    let standard = perRequest;
    let batched = batch;
    if (moment !== null) {
      const timed = compilePrices(model, at, variant, moment);
      standard = estimateRequest(timed, requestUsage(workload, timed));
      if (withBatch) {
        const timedBatch = compilePrices(model, at, "batch", moment);
        batched = estimateRequest(timedBatch, requestUsage(workload, timedBatch));
      }
    }
    parts.push([traffic * (1 - share), standard]);
    if (batched !== null) parts.push([traffic * share, batched]);
  }
  const requests = Number(workload.requests_per_day) * Number(daysPerMonth);
  const monthly = bill(samePricesTogether(parts), requests);
  return {
    model: model.id,
    currency: "USD",
    at,
    variant: perRequest.variant,
    workload: workload.name ?? null,
    tier: perRequest.tier,
    total: monthly.total,
    known_subtotal: monthly.known_subtotal,
    unknown: monthly.unknown,
    lines: monthly.by_component,
    per_request: perRequest,
    per_request_batch: batch,
    parts: monthly.parts.map(([s, est]) => ({
      variant: est.variant ?? "standard", window: est.window, share: s, total: est.total, known_subtotal: est.known_subtotal,
    })),
    monthly: {
      requests_per_day: Number(workload.requests_per_day),
      days: Number(daysPerMonth),
      batch_share: share,
      requests: monthly.requests,
      total: monthly.total,
      known_subtotal: monthly.known_subtotal,
      unknown: monthly.unknown,
      by_component: monthly.by_component,
      average_per_request: monthly.total === null || !requests ? null : monthly.total / requests,
    },
  };
}
