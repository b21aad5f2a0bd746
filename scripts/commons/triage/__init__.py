"""``commons triage``: score, categorize and summarize new items, by AI or offline.

Pure core: :mod:`prompt` (what the model is asked), :mod:`answers` (what it said,
validated and clamped), :mod:`offline` (the keyword triager), :mod:`plan` (which
items to triage, budgets, the front-matter updates). Adapters: :mod:`ai` (the
openai client) and :mod:`files` (items on disk). :mod:`command` wires them.
"""
