"""Proofreading of the Swedish text: spelling (hunspell with a Swedish dictionary), typography and readability
(LIX), over every prose field in data/ and every page in docs/, as part of `make validate`."""
