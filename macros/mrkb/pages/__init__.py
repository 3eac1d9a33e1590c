"""Web pages from the knowledge base: record outline and pages, listings, embeds, glossary, markers."""
