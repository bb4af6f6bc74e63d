"""Outside systems and storage: the population register (HTTP, cache, fake), tables, repositories."""
