"""commons publish: merge approved review PRs, write the newsletter and handbook references in one commit."""
