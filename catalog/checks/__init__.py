"""CI checks on pricing data, one module each: crosscheck, stale, diff (with gitrev), refresh, and check (all in one run)."""
