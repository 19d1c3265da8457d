// The money formatter's JavaScript twin agrees with catalog/money.py on the shared vectors,
// whether an amount arrives as the site's decimal string or as a Number.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { formatBill, formatCount, formatPrice } from "../../templates/static/js/money.mjs";

const vectors = JSON.parse(readFileSync(new URL("../vectors/money.json", import.meta.url)));
const formatters = { price: formatPrice, bill: formatBill, count: formatCount };

for (const [kind, cases] of Object.entries(vectors)) {
  for (const [amount, text] of cases) {
    test(`${kind} ${amount} -> ${text}`, () => {
      assert.equal(formatters[kind](amount), text);
      if (amount !== null) assert.equal(formatters[kind](Number(amount)), text);
    });
  }
}

test("minus zero as a Number is zero", () => {
  assert.equal(formatBill(-0), "$0.00");
  assert.equal(formatPrice(-0), "$0.00");
});

test("a non-finite amount is refused", () => {
  assert.throws(() => formatBill(NaN), RangeError);
  assert.throws(() => formatPrice(Infinity), RangeError);
});
