"""The HS codes customs classified the demo's suspect goods under, by the goods' description."""

HS_CODES = {
    "Wristwatches, LUMIÈRE dial": "9102.11",
    "Watches marked LUMIÈRE": "9102.11",
    "Watches marked NORDIK": "9102.11",
    "Handbags, LUMIÈRE PARIS": "4202.21",
    "Watch straps": "9113.90",
    "Sunglasses": "9004.10",
    "Watches, general bond": "9102.11",
    "Chronographs, LUMIÈRE": "9102.19",
    "Dress watches, LUMIÈRE": "9102.11",
    "Scarves, LUMIÈRE PARIS": "6214.10",
    "Belts, LUMIÈRE PARIS": "4203.30",
    "Wallets, LUMIÈRE PARIS": "4202.31",
    "Handbags, LUMIÈRE clasp": "4202.21",
    "Watch movements marked NORDIK": "9108.11",
}


def hs_code_for(description: str) -> str:
    """Return the HS code of the demo goods so described ("" for goods the demo does not classify)."""
    return HS_CODES.get(description, "")
