"""Al Kamel Systems exports: lap analysis (23), results (03), by class (05), weather (26)."""
