"""The gallery screen and its sets of variants."""
