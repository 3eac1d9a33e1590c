"""The search index: what each page tells Pagefind, and the compound splitter."""
