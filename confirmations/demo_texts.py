"""The demo's goods in both languages, as a bilingual officer would type them, so Chinese pages read naturally.

Only demo data uses it: what users type is stored and shown as typed.
"""

CHINESE = {
    "Wristwatches, LUMIÈRE dial": "LUMIÈRE 表盘腕表",
    "Watches marked LUMIÈRE": "标有 LUMIÈRE 的手表",
    "Watches marked NORDIK": "标有 NORDIK 的手表",
    "Handbags, LUMIÈRE PARIS": "LUMIÈRE PARIS 手提包",
    "Watch straps": "表带",
    "Sunglasses": "太阳镜",
    "Watches, general bond": "手表（总担保）",
    "Chronographs, LUMIÈRE": "LUMIÈRE 计时腕表",
    "Dress watches, LUMIÈRE": "LUMIÈRE 正装表",
    "Scarves, LUMIÈRE PARIS": "LUMIÈRE PARIS 围巾",
    "Belts, LUMIÈRE PARIS": "LUMIÈRE PARIS 腰带",
    "Wallets, LUMIÈRE PARIS": "LUMIÈRE PARIS 钱包",
    "Handbags, LUMIÈRE clasp": "LUMIÈRE 搭扣手提包",
    "Watch movements marked NORDIK": "标有 NORDIK 的手表机芯",
    "Wristwatches with a LUMIÈRE dial, 600 pieces in 12 cartons": "LUMIÈRE 表盘腕表，600 只，12 箱",
    "watches": "手表",
    "handbags": "手提包",
    "watch parts": "手表零件",
}


def bilingual(text: str) -> str:
    """Return the demo text followed by its Chinese ("Watch straps / 表带"); unknown text as it is."""
    chinese = CHINESE.get(text)
    return f"{text} / {chinese}" if chinese else text
