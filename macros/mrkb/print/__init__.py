"""Print: the print HTML of the guide, handouts, worksheets and kits, and the cached PDF renderer."""
