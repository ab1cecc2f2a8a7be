"""Copies a figure into docs/images, downscaled to at most WIDTH pixels and palette-quantised so it stays
small (< 300 KB). Usage: /usr/bin/python3 scripts/docs_figure.py SRC.png docs/images/DST.png [WIDTH]"""
import sys

from PIL import Image

src, dst = sys.argv[1], sys.argv[2]
width = int(sys.argv[3]) if len(sys.argv) > 3 else 1100
im = Image.open(src).convert("RGB")
if im.width > width:
    im = im.resize((width, round(im.height * width / im.width)), Image.LANCZOS)
im.quantize(colors=256).save(dst, optimize=True)
