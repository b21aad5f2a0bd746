"""Content of a commons repository: front matter I/O, items, reviews, chapters, cycles."""
