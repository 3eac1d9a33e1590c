"""Files beside the pages: open data, the offline copy, the change list and feed, the CSP."""
