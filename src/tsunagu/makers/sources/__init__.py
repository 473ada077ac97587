"""The makers' sources: YAML read with line numbers (programme files, print layouts, catalogues)."""
