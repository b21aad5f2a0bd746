"""`commons validate`: schemas and body rules for every kind of file."""
