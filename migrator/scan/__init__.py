"""The scanner: discover files -> prefilter -> detect (per language) -> findings."""
