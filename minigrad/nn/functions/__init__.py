"""The definitions behind ``minigrad.nn.functional``, one family per file."""
