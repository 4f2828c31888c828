"""Benchmarks: scoring the extractor on PolNeAR (:mod:`.polnear`) and learning its lexicon."""
