"""Competing accounts of one fact: the disputes they open, and how analysts settle them."""
