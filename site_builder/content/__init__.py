"""Reading content files: front matter with line numbers, per-kind schemas, Markdown."""
