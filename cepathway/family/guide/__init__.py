"""The guide for parents and carers: one public page a partnership, in plain words, from its policy."""
