"""The handbook: chapters in reading order, the generated index and reading links, import."""
