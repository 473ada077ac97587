"""The print kit: posters, stickers and cards with QR codes proven to scan, as print-ready PDFs.

Pipeline per item: layout (data in assets/posters/) + wording (programme config, catalogue) →
typeset (`tsunagu.makers.drawing.typeset`: kinsoku, shrink to fit) → render (Pillow raster at print
resolution) → verify (zxing-cpp, degraded copies) → write (lossless PDF with TrimBox/BleedBox and
vector crop marks, PNG preview).
"""
