"""Border: ports of entry, monthly crossings since 1996, analytics."""
