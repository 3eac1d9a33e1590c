"""Core of the MR-plattformen knowledge base: load, validate, index and render the YAML data.

Plain Python with no MkDocs import, so it can be unit-tested and moved to another site generator.
The MkDocs adapters live next to this package (macros/main.py and macros/mkdocs_hooks.py).
"""
