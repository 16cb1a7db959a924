# tests/lib/zxdecode.py IMAGE: decodes every QR code in IMAGE with zxing-cpp
# (Debian's python3-zxing-cpp, an independent second decoder beside
# zbarimg) and writes the text of each, exactly, to stdout. Exits 1 when
# none decodes. Run with /usr/bin/python3 (the Debian module's home).
import sys
import zxingcpp
from PIL import Image

found = zxingcpp.read_barcodes(Image.open(sys.argv[1]))
for b in found:
    sys.stdout.buffer.write(b.text.encode("utf-8"))
sys.exit(0 if found else 1)
