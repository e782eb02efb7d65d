"""Heuristic rule filters (Gopher, C4, FineWeb, ROOTS/CulturaX metrics) for en and zh."""
