"""The five articles the model encodes (the bibliography of docs/sources.md, for reports and the page)."""

from __future__ import annotations

BIBLIOGRAPHY = (
    {"tag": "[000]", "author": "Matteo Dian", "title": "Russia's Invasion of Ukraine, Global Polarisation and Yoon's "
     "Security Strategy", "publisher": "Istituto Affari Internazionali, IAI Papers 24|18",
     "date": "updated 11 June 2024"},
    {"tag": "[001]", "author": "Korea Economic Institute of America (no author named)",
     "title": "The ROK & NATO: Higher Expectations, Starker Choices",
     "publisher": "KEI Spotlight, published in Korea on Point", "date": "21 July 2024"},
    {"tag": "[002]", "author": "Ellen Kim", "title": "What Is Yoon's NATO Strategy?", "publisher": "CSIS Commentary",
     "date": "July 2023"},
    {"tag": "[003]", "author": "Gu Ho Eom", "title": "Why Is the US Seeking to Involve South Korea in the Security "
     "Crisis in Europe?", "publisher": "Modern Diplomacy (Valdai Discussion Club)", "date": "late April 2023"},
    {"tag": "[004]", "author": "Geunwook Lee and Kwang-Jin Kim", "title": "Russia's War and China's Rise Set a New "
     "Path for South Korea-NATO Relations", "publisher": "not named in the text", "date": "after July 2024"},
)
