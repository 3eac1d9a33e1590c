"""The data layer: YAML with line numbers, schema and cross-record checks, the loader, the model, indexes."""
