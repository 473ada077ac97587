"""The print kit: posters, stickers and cards with QR codes proven to scan, as print-ready PDF/X-4.

Pipeline per item: layout (data in assets/posters/) + wording (programme config, catalogue) →
typeset (`tsunagu.makers.drawing.typeset`: BudouX phrases, kinsoku, shrink to fit) → compose (the
`item.html` template and `print.css`) → draw (WeasyPrint, CMYK vector) → finish (pikepdf: output
intent, boxes, crop marks) → prove (the finished PDF rasterised by PDFium, decoded by zxing-cpp,
as printed and degraded) → write (PDF, PNG preview; sheets impose the finished item).
"""
