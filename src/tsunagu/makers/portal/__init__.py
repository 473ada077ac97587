"""The public portal: ward, index and /go/ redirect pages generated from the programmes at build time.

`pages` says which pages exist and where; `view` turns a ward into ready-to-render text in one
language; `plugin` is the thin MkDocs adapter that feeds both to the templates in `site/overrides/`.
"""
