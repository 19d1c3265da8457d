// Replays tests/vectors/pricing.json against the JavaScript twin of the cost engine: every
// total, subtotal, line and unknown component must agree with Python's to 1e-9 relative.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import {
  COMPONENTS, UsageError, EstimateError, estimate, workloadCost, compilePrices, estimateRequest, bill,
} from "../../templates/static/js/pricing.mjs";

const vectors = JSON.parse(readFileSync(new URL("../vectors/pricing.json", import.meta.url), "utf8"));

function close(actual, expected, what) {
  if (expected === null) {
    assert.equal(actual, null, `${what}: expected null (unknown), got ${actual}`);
    return;
  }
  const want = Number(expected);
  assert.equal(typeof actual, "number", `${what}: expected a number, got ${actual}`);
  const scale = Math.max(Math.abs(want), Math.abs(actual));
  assert.ok(Math.abs(actual - want) <= 1e-9 * scale, `${what}: ${actual} != ${expected}`);
}

function sameLines(actual, expected, what) {
  assert.deepEqual(actual.map((l) => l.component), expected.map((l) => l.component), `${what}: components`);
  expected.forEach((line, i) => {
    const got = actual[i];
    assert.equal(got.unit, line.unit, `${what}: unit of ${line.component}`);
    for (const key of ["quantity", "unit_price", "amount"]) close(got[key], line[key], `${what}: ${line.component}.${key}`);
  });
}

function sameUnknown(actual, expected, what) {
  assert.deepEqual(
    actual.map((m) => [m.component, m.unit, m.reason]),
    expected.map((m) => [m.component, m.unit, m.reason]),
    `${what}: unknown components`,
  );
  expected.forEach((m, i) => close(actual[i].quantity, m.quantity, `${what}: unknown ${m.component} quantity`));
}

function sameEstimate(actual, expected, what) {
  close(actual.total, expected.total, `${what}: total`);
  close(actual.known_subtotal, expected.known_subtotal, `${what}: known_subtotal`);
  assert.equal(actual.tier, expected.tier, `${what}: tier`);
  assert.equal(actual.variant, expected.variant, `${what}: variant`);
  if ("window" in expected) assert.equal(actual.window, expected.window, `${what}: window`);
  sameUnknown(actual.unknown, expected.unknown, what);
  sameLines(actual.lines, expected.lines, what);
}

test("the vectors are many and cover every price component", () => {
  assert.ok(vectors.cases.length >= 60);
  const priced = new Set();
  for (const c of vectors.cases) {
    const e = c.expected;
    for (const l of [...(e.lines ?? []), ...(e.unknown ?? [])]) priced.add(l.component);
  }
  assert.deepEqual(COMPONENTS.filter((c) => !priced.has(c)), []);
});

for (const c of vectors.cases) {
  test(c.name, () => {
    const { variant, at, workload, days_per_month: days } = c.options;
    if (c.expected.error) {
      assert.throws(() => estimate(c.model, c.usage, { at, variant }), UsageError);
      return;
    }
    if (workload) {
      const got = workloadCost(c.model, workload, { at, variant, daysPerMonth: Number(days) });
      sameEstimate(got.per_request, c.expected.per_request, "per request");
      if (c.expected.per_request_batch) sameEstimate(got.per_request_batch, c.expected.per_request_batch, "batch");
      else assert.equal(got.per_request_batch, null);
      const m = c.expected.monthly;
      close(got.monthly.total, m.total, "monthly total");
      close(got.monthly.known_subtotal, m.known_subtotal, "monthly known_subtotal");
      close(got.monthly.requests, m.requests, "monthly requests");
      close(got.monthly.batch_share, m.batch_share, "batch share");
      sameUnknown(got.monthly.unknown, m.unknown, "monthly");
      sameLines(got.monthly.by_component, m.by_component, "monthly");
      close(got.monthly.average_per_request, m.average_per_request, "average per request");
      assert.equal(got.parts.length, c.expected.parts.length, "parts");
      c.expected.parts.forEach((p, i) => {
        assert.equal(got.parts[i].variant, p.variant, "part variant");
        assert.equal(got.parts[i].window, p.window, "part window");
        close(got.parts[i].share, p.share, "part share");
        close(got.parts[i].total, p.total, "part total");
        close(got.parts[i].known_subtotal, p.known_subtotal, "part known subtotal");
      });
      close(got.total, c.expected.total, "total");
      return;
    }
    sameEstimate(estimate(c.model, c.usage, { at, variant }), c.expected, "estimate");
  });
}

test("an unknown variant is an error, not a silent standard price", () => {
  const model = vectors.cases.find((c) => c.name === "input and output").model;
  assert.throws(() => compilePrices(model, null, "batch"), EstimateError);
  assert.throws(() => compilePrices(model, "yesterday"), EstimateError);
});

test("negative counts are a usage error", () => {
  const model = vectors.cases.find((c) => c.name === "input and output").model;
  assert.throws(() => estimate(model, { input_tokens: -1 }), UsageError);
});

test("a bill multiplies per-request costs and never sums an unknown", () => {
  const model = vectors.cases.find((c) => c.name === "half known keeps the known subtotal").model;
  const table = compilePrices(model);
  const known = estimateRequest(table, { input_tokens: 1000 });
  const gap = estimateRequest(table, { input_tokens: 1000, output_tokens: 1 });
  assert.equal(bill([[1, known]], 10).total, known.total * 10);
  const mixed = bill([[0.5, known], [0.5, gap]], 10);
  assert.equal(mixed.total, null);
  close(mixed.known_subtotal, String(known.total * 10), "known part kept");
});

test("without at, the prices in force today apply, not a block announced for later", () => {
  const now = new Date();
  const later = new Date(now.getTime() + 30 * 86400e3).toISOString().slice(0, 10);
  const source = { source: "https://example.com/p", verified: "2026-01-01" };
  const model = {
    id: "example/m",
    pricing: { ...source, input: "9", effective: later },
    price_history: [{ ...source, input: "1", effective: "2020-01-01" }],
  };
  assert.equal(estimate(model, { input_tokens: 1e6 }).total, 1);
  assert.equal(estimate(model, { input_tokens: 1e6 }, { at: later }).total, 9);
  const onlyLater = { id: "example/m", pricing: { ...source, input: "9", effective: later } };
  const est = estimate(onlyLater, { input_tokens: 1 });
  assert.equal(est.total, null);
  assert.match(est.unknown[0].reason, new RegExp(`no prices in force on ${now.toISOString().slice(0, 10)}`));
});
