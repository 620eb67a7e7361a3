#!/usr/bin/env bash
# Reproduces assets/fonts/NotoSansSC-GB2312.otf, the one font the chart renderer (src/integrations/chart/render.ts)
# loads: Noto Sans CJK SC Regular from Debian's fonts-noto-cjk, cut by fonttools' pyftsubset to ASCII, Latin-1,
# general punctuation, currency signs, CJK symbols and punctuation, full-width forms and every GB2312 character.
# Shipping the font keeps Chinese labels rendering the same on every machine, with no system fonts involved.
# Needs: apt-get install fonts-noto-cjk fonttools (fonttools' Python module is read by /usr/bin/python3).
set -euo pipefail
cd "$(dirname "$0")/.."

SRC=${NOTO_CJK_TTC:-/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc}
OUT=assets/fonts/NotoSansSC-GB2312.otf
PY=/usr/bin/python3
[ -r "$SRC" ] || { echo "missing $SRC: apt-get install fonts-noto-cjk" >&2; exit 1; }

# The collection's index of "Noto Sans CJK SC" (2 in Debian 12's package), looked up rather than assumed.
INDEX=$("$PY" - "$SRC" <<'PY'
import sys
from fontTools.ttLib import TTCollection
for i, f in enumerate(TTCollection(sys.argv[1], lazy=True).fonts):
    if f['name'].getDebugName(4) == 'Noto Sans CJK SC':
        print(i); break
else:
    sys.exit('Noto Sans CJK SC not in ' + sys.argv[1])
PY
)

TEXT=$(mktemp "${TMPDIR:-/tmp}/gb2312.XXXXXX")
trap 'rm -f "$TEXT"' EXIT
# Every character GB2312 encodes: rows 0xA1-0xF7, cells 0xA1-0xFE (symbols, kana, Cyrillic, 6,763 hanzi).
"$PY" - > "$TEXT" <<'PY'
chars = []
for hi in range(0xA1, 0xF8):
    for lo in range(0xA1, 0xFF):
        try:
            chars.append(bytes([hi, lo]).decode('gb2312'))
        except UnicodeDecodeError:
            pass
print(''.join(chars))
PY

"$PY" -m fontTools.subset "$SRC" --font-number="$INDEX" \
  --text-file="$TEXT" \
  --unicodes='U+0020-007E,U+00A0-00FF,U+2000-206F,U+20A0-20CF,U+2190-21FF,U+3000-303F,U+FF00-FFEF' \
  --no-hinting \
  --layout-features='ccmp,calt,kern,liga' --name-IDs='*' --name-languages='*' --notdef-outline \
  --output-file="$OUT"

# The licence travels with the font: the font's own copyright and licence notices (name IDs 0 and 13), then the
# SIL OFL 1.1 text from Debian's copyright file of the package.
{
  "$PY" -c 'import sys; from fontTools.ttLib import TTFont; n = TTFont(sys.argv[1])["name"]; print(n.getDebugName(0)); print(); print(n.getDebugName(13)); print()' "$OUT"
  zcat -f /usr/share/doc/fonts-noto-cjk/copyright \
  | awk '/^License: SIL-1.1$/ { n++; if (n == 2) { on = 1; next } } on && /^License: / { exit } on' \
  | sed -e 's/^ //' -e 's/^\.$//'
} > assets/fonts/OFL.txt

wc -c "$OUT"
