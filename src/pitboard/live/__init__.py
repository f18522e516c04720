"""Live timing: journal-first ingest of decoder passings, the live session, fan-out.

ingest = Ingest.open(store, "gt4-misano-race1")   # replays the journal first
ingest.submit([passing, ...])                       # journaled and applied, then published
"""
