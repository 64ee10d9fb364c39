"""Countries, their demonyms and seats of government.

A country or its capital standing as the subject of a reporting verb ("Beijing
said", "China rejected …") is its government speaking, and a body qualified by a
country ("China's foreign ministry") is named the way the article would name it in
full ("Chinese Foreign Ministry"). One line a country: name | demonyms | capitals | other names.
"""

from __future__ import annotations

from functools import cache

_TABLE = """
Afghanistan|Afghan|Kabul|
Albania|Albanian|Tirana|
Algeria|Algerian|Algiers|
Angola|Angolan|Luanda|
Argentina|Argentine,Argentinian|Buenos Aires|
Armenia|Armenian|Yerevan|
Australia|Australian|Canberra|
Austria|Austrian|Vienna|
Azerbaijan|Azerbaijani,Azeri|Baku|
Bahrain|Bahraini|Manama|
Bangladesh|Bangladeshi|Dhaka|
Belarus|Belarusian|Minsk|
Belgium|Belgian|Brussels|
Bolivia|Bolivian|La Paz|
Bosnia and Herzegovina|Bosnian|Sarajevo|Bosnia
Brazil|Brazilian|Brasilia,Brasília|
Bulgaria|Bulgarian|Sofia|
Cambodia|Cambodian|Phnom Penh|
Cameroon|Cameroonian|Yaounde|
Canada|Canadian|Ottawa|
Chile|Chilean|Santiago|
China|Chinese|Beijing|PRC,People's Republic of China
Colombia|Colombian|Bogota|
Croatia|Croatian|Zagreb|
Cuba|Cuban|Havana|
Cyprus|Cypriot|Nicosia|
Czech Republic|Czech|Prague|Czechia
Denmark|Danish|Copenhagen|
Ecuador|Ecuadorian|Quito|
Egypt|Egyptian|Cairo|
Estonia|Estonian|Tallinn|
Ethiopia|Ethiopian|Addis Ababa|
Finland|Finnish|Helsinki|
France|French|Paris|
Georgia|Georgian|Tbilisi|
Germany|German|Berlin|
Ghana|Ghanaian|Accra|
Greece|Greek|Athens|
Hungary|Hungarian|Budapest|
India|Indian|New Delhi|
Indonesia|Indonesian|Jakarta|
Iran|Iranian|Tehran|
Iraq|Iraqi|Baghdad|
Ireland|Irish|Dublin|
Israel|Israeli|Jerusalem|
Italy|Italian|Rome|
Japan|Japanese|Tokyo|
Jordan|Jordanian|Amman|
Kazakhstan|Kazakh|Astana|
Kenya|Kenyan|Nairobi|
Kuwait|Kuwaiti|Kuwait City|
Kyrgyzstan|Kyrgyz|Bishkek|
Latvia|Latvian|Riga|
Lebanon|Lebanese|Beirut|
Libya|Libyan|Tripoli|
Lithuania|Lithuanian|Vilnius|
Malaysia|Malaysian|Kuala Lumpur|
Mexico|Mexican|Mexico City|
Moldova|Moldovan|Chisinau|
Mongolia|Mongolian|Ulaanbaatar|
Morocco|Moroccan|Rabat|
Myanmar|Myanmar,Burmese|Naypyidaw,Naypyitaw|Burma
Nepal|Nepali,Nepalese|Kathmandu|
Netherlands|Dutch|Amsterdam,The Hague|Holland
New Zealand|New Zealand,Kiwi|Wellington|
Nigeria|Nigerian|Abuja|
North Korea|North Korean|Pyongyang|DPRK
Norway|Norwegian|Oslo|
Oman|Omani|Muscat|
Pakistan|Pakistani|Islamabad|
Palestine|Palestinian|Ramallah|
Peru|Peruvian|Lima|
Philippines|Philippine,Filipino|Manila|
Poland|Polish|Warsaw|
Portugal|Portuguese|Lisbon|
Qatar|Qatari|Doha|
Romania|Romanian|Bucharest|
Russia|Russian|Moscow|Russian Federation
Saudi Arabia|Saudi|Riyadh|
Serbia|Serbian|Belgrade|
Singapore|Singaporean|Singapore|
Slovakia|Slovak|Bratislava|
Slovenia|Slovenian|Ljubljana|
Solomon Islands|Solomon Islands,Solomon Islander|Honiara|
South Africa|South African|Pretoria|
South Korea|South Korean,Korean|Seoul|Republic of Korea,ROK
Spain|Spanish|Madrid|
Sri Lanka|Sri Lankan|Colombo|
Sudan|Sudanese|Khartoum|
Sweden|Swedish|Stockholm|
Switzerland|Swiss|Bern|
Syria|Syrian|Damascus|Syrian Arab Republic
Taiwan|Taiwanese|Taipei|
Tajikistan|Tajik|Dushanbe|
Thailand|Thai|Bangkok|
Tunisia|Tunisian|Tunis|
Turkey|Turkish|Ankara|Türkiye
Turkmenistan|Turkmen|Ashgabat|
Uganda|Ugandan|Kampala|
Ukraine|Ukrainian|Kyiv,Kiev|
United Arab Emirates|Emirati|Abu Dhabi|UAE
United Kingdom|British|London|UK,U.K.,Britain,Great Britain
United States|American,US,U.S.|Washington|US,U.S.,USA,U.S.A.,America
Uzbekistan|Uzbek|Tashkent|
Venezuela|Venezuelan|Caracas|
Vietnam|Vietnamese|Hanoi|Viet Nam
Yemen|Yemeni|Sanaa|
Zimbabwe|Zimbabwean|Harare|
"""


@cache
def _rows() -> list[tuple[str, list[str], list[str], list[str]]]:
    rows = []
    for line in _TABLE.strip().splitlines():
        name, demonyms, capitals, others = (line.split("|") + [""] * 4)[:4]
        split = lambda s: [x.strip() for x in s.split(",") if x.strip()]  # noqa: E731
        rows.append((name, split(demonyms), split(capitals), split(others)))
    return rows


@cache
def _index() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """(name or alias -> country, demonym -> country, capital -> country), keys lower-cased."""
    names: dict[str, str] = {}
    demonyms: dict[str, str] = {}
    capitals: dict[str, str] = {}
    for name, dems, caps, others in _rows():
        names[name.lower()] = name
        for o in others:
            names[o.lower()] = name
        for d in dems:
            demonyms.setdefault(d.lower(), name)
        for c in caps:
            capitals.setdefault(c.lower(), name)
    return names, demonyms, capitals


def country_of(words: str) -> str | None:
    """The country a name, alias or demonym stands for: "China", "Chinese", "PRC" -> "China"."""
    key = words.strip().lower().removesuffix("'s").removesuffix("’s")
    key = key.removeprefix("the ")
    names, demonyms, _ = _index()
    return names.get(key) or demonyms.get(key)


def country_of_seat(words: str) -> str | None:
    """The country whose government sits in this city: "Beijing" -> "China"."""
    return _index()[2].get(words.strip().lower())


def demonym(country: str) -> str:
    for name, dems, _caps, _others in _rows():
        if name == country:
            return dems[0] if dems else name
    return country


def longest_name() -> int:
    return max(len(k.split()) for k in _index()[0]) if _index()[0] else 1
