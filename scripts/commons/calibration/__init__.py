"""Triage that learns from the members: judgements from merged reviews, the agreement
between triage and members, a small explainable model for the offline triager, and the
few-shot examples for the AI prompt. Pure functions over plain data; ``history.py``
reads the repository."""
