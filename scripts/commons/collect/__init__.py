"""Collection: sources in commons.yml → new item files under news/<cycle>/items/.

``fetch`` (HTTP and files) and ``parse`` (feedparser, in worker processes) turn
sources into normalized entries; ``plan`` decides, against the history index,
which entries become items; ``apply`` writes that plan atomically.
"""
