"""Foundations every other part uses: validation problems, the background worker, safe Markdown, HTML text."""
