"""CI checks on pricing data: crosscheck against other datasets (stale, diff and check join it)."""
