"""``commons migrate``: bring an existing repository to the current layout."""
