"""Beam-free deduplication logic: shingles, MinHash signatures, LSH bands, survivor choice,
connected-component steps and repeated-span removal. The Beam composites live in pipeline/."""
