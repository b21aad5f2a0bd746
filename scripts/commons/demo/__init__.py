"""``commons demo``: the whole weekly cycle offline, in a scratch copy of the sample data."""
