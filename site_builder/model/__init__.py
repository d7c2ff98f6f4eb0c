"""The site in memory, no I/O: the index of articles by date and grouping, related lists, URLs."""
