"""The handbook as a static website (MkDocs + Material) with Korean search."""
