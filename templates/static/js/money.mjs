// Money and counts as people read them: the twin of catalog/money.py, held to it by
// tests/vectors/money.json. Amounts arrive as decimal strings (the site's JSON keeps them
// exact) or Numbers; unknown (null) reads "unknown", never $0, and minus zero is zero.
//
//   formatPrice("0.0375")  // "$0.0375"
//   formatBill(2827.2)     // "$2,827.20"
//   formatCount(128000)    // "128,000"

export const UNKNOWN = "unknown";

function groupThousands(whole) {
  return whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

// A decimal string without exponent, sign split off: "0.0375" -> { negative, whole, fraction }.
function parts(amount) {
  let text = typeof amount === "number" ? plainNumber(amount) : String(amount).trim();
  if (!/^-?\d+(\.\d+)?$/.test(text)) throw new RangeError(`not an amount: ${amount}`);
  const negative = text.startsWith("-");
  if (negative) text = text.slice(1);
  let [whole, fraction = ""] = text.split(".");
  whole = whole.replace(/^0+(?=\d)/, "");
  fraction = fraction.replace(/0+$/, "");
  const zero = /^0*$/.test(whole) && fraction === "";
  return { negative: negative && !zero, whole, fraction };
}

function plainNumber(value) {
  if (!Number.isFinite(value)) throw new RangeError(`not an amount: ${value}`);
  if (Object.is(value, -0)) return "0";
  // The shortest text that reads back as the same Number, with any exponent written out.
  const text = String(value);
  const match = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (!match) return text;
  const [, sign, lead, rest = "", exp] = match;
  const digits = lead + rest;
  const point = 1 + Number(exp);
  if (point <= 0) return `${sign}0.${"0".repeat(-point)}${digits}`;
  if (point >= digits.length) return sign + digits + "0".repeat(point - digits.length);
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

function signed(text, negative) {
  return negative ? `-$${text}` : `$${text}`;
}

/** A unit price, exact, at least two decimals: "$0.60", "$0.0375", "$1,250.00". */
export function formatPrice(amount) {
  if (amount === null || amount === undefined) return UNKNOWN;
  const { negative, whole, fraction } = parts(amount);
  return signed(`${groupThousands(whole)}.${fraction.padEnd(2, "0")}`, negative);
}

// Round a non-negative decimal string to `places` decimals, half up, in exact string arithmetic.
function roundHalfUp(whole, fraction, places) {
  const digits = (whole + fraction.padEnd(places + 1, "0").slice(0, places + 1)).split("").map(Number);
  const roundUp = digits.pop() >= 5;
  if (roundUp) {
    let i = digits.length - 1;
    while (i >= 0) {
      if (digits[i] === 9) { digits[i] = 0; i -= 1; } else { digits[i] += 1; break; }
    }
    if (i < 0) digits.unshift(1);
  }
  const text = digits.join("");
  const cut = text.length - places;
  return { whole: text.slice(0, cut).replace(/^0+(?=\d)/, "") || "0", fraction: text.slice(cut) };
}

/** A cost: to the cent ("$2,827.20"); under a cent, two significant digits ("$0.0042"). */
export function formatBill(amount) {
  if (amount === null || amount === undefined) return UNKNOWN;
  const { negative, whole, fraction } = parts(amount);
  if (/^0*$/.test(whole) && fraction === "") return "$0.00";
  const belowCent = /^0*$/.test(whole) && /^00/.test(fraction.padEnd(2, "0"));
  if (!belowCent) {
    const rounded = roundHalfUp(whole, fraction, 2);
    return signed(`${groupThousands(rounded.whole)}.${rounded.fraction}`, negative);
  }
  const leading = fraction.search(/[1-9]/);
  const rounded = roundHalfUp("0", fraction, leading + 2);
  const trimmed = rounded.fraction.replace(/0+$/, "");
  return signed(trimmed ? `${rounded.whole}.${trimmed}` : rounded.whole, negative);
}

/** A count with thousands separators ("128,000"), at most two decimals; unknown stays "unknown". */
export function formatCount(value) {
  if (value === null || value === undefined) return UNKNOWN;
  const { negative, whole, fraction } = parts(value);
  // At most two decimals, as catalog/money.py: a blended month reads 15,000,000.
  const rounded = roundHalfUp(whole, fraction, 2);
  const decimals = rounded.fraction.replace(/0+$/, "");
  const text = decimals ? `${groupThousands(rounded.whole)}.${decimals}` : groupThousands(rounded.whole);
  return negative && text !== "0" ? `-${text}` : text;
}
