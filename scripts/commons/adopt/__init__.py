"""Adopting commons: `commons init` (a new community from this repository) and `commons doctor` (its GitHub settings)."""
