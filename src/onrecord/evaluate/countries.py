"""Countries with their demonyms and capitals, for comparing names of governments.

"Chinese government", "government of China", "China" and "Beijing" (as a speaker) all
name one government; this table is what lets the scorer see that. One line a country:
name | demonyms | capital | other names.
"""

from __future__ import annotations

import unicodedata
from functools import cache

_TABLE = """
Afghanistan|Afghan,Afghani|Kabul|
Albania|Albanian|Tirana|
Algeria|Algerian|Algiers|
Andorra|Andorran|Andorra la Vella|
Angola|Angolan|Luanda|
Antigua and Barbuda|Antiguan,Barbudan|Saint John's|
Argentina|Argentine,Argentinian,Argentinean|Buenos Aires|
Armenia|Armenian|Yerevan|
Australia|Australian|Canberra|
Austria|Austrian|Vienna|
Azerbaijan|Azerbaijani,Azeri|Baku|
Bahamas|Bahamian|Nassau|
Bahrain|Bahraini|Manama|
Bangladesh|Bangladeshi|Dhaka|
Barbados|Barbadian,Bajan|Bridgetown|
Belarus|Belarusian,Belarussian,Byelorussian|Minsk|
Belgium|Belgian|Brussels|
Belize|Belizean|Belmopan|
Benin|Beninese|Porto-Novo|
Bhutan|Bhutanese|Thimphu|
Bolivia|Bolivian|La Paz,Sucre|
Bosnia and Herzegovina|Bosnian,Herzegovinian|Sarajevo|Bosnia
Botswana|Botswanan,Motswana,Batswana|Gaborone|
Brazil|Brazilian|Brasilia|
Brunei|Bruneian|Bandar Seri Begawan|
Bulgaria|Bulgarian|Sofia|
Burkina Faso|Burkinabe|Ouagadougou|
Burundi|Burundian|Gitega|
Cabo Verde|Cape Verdean,Cabo Verdean|Praia|Cape Verde
Cambodia|Cambodian|Phnom Penh|
Cameroon|Cameroonian|Yaounde|
Canada|Canadian|Ottawa|
Central African Republic|Central African|Bangui|CAR
Chad|Chadian|N'Djamena|
Chile|Chilean|Santiago|
China|Chinese|Beijing|People's Republic of China,PRC,Peking
Colombia|Colombian|Bogota|
Comoros|Comoran,Comorian|Moroni|
Congo|Congolese|Brazzaville|Republic of the Congo
Democratic Republic of the Congo|Congolese|Kinshasa|DRC,DR Congo
Costa Rica|Costa Rican|San Jose|
Cote d'Ivoire|Ivorian|Yamoussoukro|Ivory Coast
Croatia|Croatian,Croat|Zagreb|
Cuba|Cuban|Havana|
Cyprus|Cypriot|Nicosia|
Czech Republic|Czech|Prague|Czechia
Denmark|Danish,Dane|Copenhagen|
Djibouti|Djiboutian|Djibouti|
Dominica|Dominican|Roseau|
Dominican Republic|Dominican|Santo Domingo|
Ecuador|Ecuadorian,Ecuadorean|Quito|
Egypt|Egyptian|Cairo|
El Salvador|Salvadoran,Salvadorean|San Salvador|
Equatorial Guinea|Equatoguinean,Equatorial Guinean|Malabo|
Eritrea|Eritrean|Asmara|
Estonia|Estonian|Tallinn|
Eswatini|Swazi,Eswatini|Mbabane|Swaziland
Ethiopia|Ethiopian|Addis Ababa|
Fiji|Fijian|Suva|
Finland|Finnish,Finn|Helsinki|
France|French|Paris|Elysee
Gabon|Gabonese|Libreville|
Gambia|Gambian|Banjul|
Georgia|Georgian|Tbilisi|
Germany|German|Berlin|
Ghana|Ghanaian|Accra|
Greece|Greek,Hellenic|Athens|
Grenada|Grenadian|Saint George's|
Guatemala|Guatemalan|Guatemala City|
Guinea|Guinean|Conakry|
Guinea-Bissau|Bissau-Guinean|Bissau|
Guyana|Guyanese|Georgetown|
Haiti|Haitian|Port-au-Prince|
Honduras|Honduran|Tegucigalpa|
Hungary|Hungarian|Budapest|
Iceland|Icelandic,Icelander|Reykjavik|
India|Indian|New Delhi|Delhi
Indonesia|Indonesian|Jakarta|
Iran|Iranian|Tehran|Persia
Iraq|Iraqi|Baghdad|
Ireland|Irish|Dublin|
Israel|Israeli|Jerusalem|
Italy|Italian|Rome|
Jamaica|Jamaican|Kingston|
Japan|Japanese|Tokyo|
Jordan|Jordanian|Amman|
Kazakhstan|Kazakh,Kazakhstani|Astana|
Kenya|Kenyan|Nairobi|
Kiribati|I-Kiribati|Tarawa|
North Korea|North Korean|Pyongyang|DPRK
South Korea|South Korean|Seoul|Republic of Korea,ROK,Korea
Kosovo|Kosovar,Kosovan|Pristina|
Kuwait|Kuwaiti|Kuwait City|
Kyrgyzstan|Kyrgyz,Kyrgyzstani|Bishkek|
Laos|Lao,Laotian|Vientiane|
Latvia|Latvian|Riga|
Lebanon|Lebanese|Beirut|
Lesotho|Basotho,Mosotho|Maseru|
Liberia|Liberian|Monrovia|
Libya|Libyan|Tripoli|
Liechtenstein|Liechtensteiner|Vaduz|
Lithuania|Lithuanian|Vilnius|
Luxembourg|Luxembourgish,Luxembourger|Luxembourg|
Madagascar|Malagasy|Antananarivo|
Malawi|Malawian|Lilongwe|
Malaysia|Malaysian|Kuala Lumpur|
Maldives|Maldivian|Male|
Mali|Malian|Bamako|
Malta|Maltese|Valletta|
Marshall Islands|Marshallese|Majuro|
Mauritania|Mauritanian|Nouakchott|
Mauritius|Mauritian|Port Louis|
Mexico|Mexican|Mexico City|
Micronesia|Micronesian|Palikir|
Moldova|Moldovan|Chisinau|
Monaco|Monegasque|Monaco|
Mongolia|Mongolian|Ulaanbaatar|
Montenegro|Montenegrin|Podgorica|
Morocco|Moroccan|Rabat|
Mozambique|Mozambican|Maputo|
Myanmar|Myanmar,Burmese|Naypyidaw|Burma
Namibia|Namibian|Windhoek|
Nauru|Nauruan|Yaren|
Nepal|Nepali,Nepalese|Kathmandu|
Netherlands|Dutch|Amsterdam,The Hague|Holland
New Zealand|New Zealander,Kiwi|Wellington|
Nicaragua|Nicaraguan|Managua|
Niger|Nigerien|Niamey|
Nigeria|Nigerian|Abuja|
North Macedonia|Macedonian|Skopje|Macedonia
Norway|Norwegian|Oslo|
Oman|Omani|Muscat|
Pakistan|Pakistani|Islamabad|
Palau|Palauan|Ngerulmud|
Palestine|Palestinian|Ramallah|
Panama|Panamanian|Panama City|
Papua New Guinea|Papua New Guinean|Port Moresby|PNG
Paraguay|Paraguayan|Asuncion|
Peru|Peruvian|Lima|
Philippines|Philippine,Filipino|Manila|
Poland|Polish,Pole|Warsaw|
Portugal|Portuguese|Lisbon|
Qatar|Qatari|Doha|
Romania|Romanian|Bucharest|
Russia|Russian|Moscow|Russian Federation,Kremlin
Rwanda|Rwandan|Kigali|
Saint Kitts and Nevis|Kittitian,Nevisian|Basseterre|
Saint Lucia|Saint Lucian|Castries|
Saint Vincent and the Grenadines|Vincentian|Kingstown|
Samoa|Samoan|Apia|
San Marino|Sammarinese|San Marino|
Sao Tome and Principe|Sao Tomean|Sao Tome|
Saudi Arabia|Saudi,Saudi Arabian|Riyadh|
Senegal|Senegalese|Dakar|
Serbia|Serbian,Serb|Belgrade|
Seychelles|Seychellois|Victoria|
Sierra Leone|Sierra Leonean|Freetown|
Singapore|Singaporean|Singapore|
Slovakia|Slovak,Slovakian|Bratislava|
Slovenia|Slovenian,Slovene|Ljubljana|
Solomon Islands|Solomon Islander|Honiara|Solomons
Somalia|Somali|Mogadishu|
South Africa|South African|Pretoria|
South Sudan|South Sudanese|Juba|
Spain|Spanish,Spaniard|Madrid|
Sri Lanka|Sri Lankan|Colombo,Sri Jayawardenepura Kotte|
Sudan|Sudanese|Khartoum|
Suriname|Surinamese|Paramaribo|
Sweden|Swedish,Swede|Stockholm|
Switzerland|Swiss|Bern|
Syria|Syrian|Damascus|
Taiwan|Taiwanese|Taipei|Republic of China
Tajikistan|Tajik,Tajikistani|Dushanbe|
Tanzania|Tanzanian|Dodoma|
Thailand|Thai|Bangkok|
Timor-Leste|Timorese|Dili|East Timor
Togo|Togolese|Lome|
Tonga|Tongan|Nuku'alofa|
Trinidad and Tobago|Trinidadian,Tobagonian|Port of Spain|
Tunisia|Tunisian|Tunis|
Turkey|Turkish,Turk|Ankara|Turkiye
Turkmenistan|Turkmen|Ashgabat|
Tuvalu|Tuvaluan|Funafuti|
Uganda|Ugandan|Kampala|
Ukraine|Ukrainian|Kyiv,Kiev|
United Arab Emirates|Emirati|Abu Dhabi|UAE
United Kingdom|British,Briton|London|UK,Britain,Great Britain,Downing Street,Whitehall
United States|American|Washington|US,USA,United States of America,America,White House
Uruguay|Uruguayan|Montevideo|
Uzbekistan|Uzbek,Uzbekistani|Tashkent|
Vanuatu|Ni-Vanuatu|Port Vila|
Vatican|Vatican|Vatican City|Holy See
Venezuela|Venezuelan|Caracas|
Vietnam|Vietnamese|Hanoi|Viet Nam
Yemen|Yemeni|Sanaa|
Zambia|Zambian|Lusaka|
Zimbabwe|Zimbabwean|Harare|
European Union|European|Brussels|EU
"""


def fold(text: str) -> str:
    """Lower case without diacritics, for table lookups."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


# Demonyms that are also common given names ("Finn Larsen"): never read as a country before a name.
_GIVEN_NAME_DEMONYMS = frozenset({"dane", "finn", "kiwi"})


@cache
def demonyms() -> frozenset[tuple[str, ...]]:
    """Adjectives and nouns of nationality ("russian", "south korean"), as token tuples."""
    found = set()
    for line in _TABLE.strip().splitlines():
        for phrase in line.split("|")[1].split(","):
            tokens = tuple(_tokens(phrase))
            if tokens and " ".join(tokens) not in _GIVEN_NAME_DEMONYMS:
                found.add(tokens)
    return frozenset(found)


@cache
def _index() -> tuple[dict[tuple[str, ...], str], dict[tuple[str, ...], str]]:
    """(country names and demonyms -> country, capitals and seats -> country), keyed by token tuples.

    A capital names its government only when it stands alone as the speaker ("Beijing
    said"), so capitals are kept apart from names and demonyms.
    """
    names: dict[tuple[str, ...], str] = {}
    seats: dict[tuple[str, ...], str] = {}
    for line in _TABLE.strip().splitlines():
        country, demonyms, capitals, others = (line.split("|") + ["", "", ""])[:4]
        key = fold(country)
        for phrase in [country, *demonyms.split(","), *others.split(",")]:
            if phrase.strip():
                names.setdefault(tuple(_tokens(phrase)), key)
        for phrase in capitals.split(","):
            if phrase.strip():
                seats.setdefault(tuple(_tokens(phrase)), key)
    return names, seats


def _tokens(phrase: str) -> list[str]:
    import re

    return re.findall(r"[a-z0-9]+(?:[-'][a-z0-9]+)*", fold(phrase).replace("’", "'"))


def country_names() -> dict[tuple[str, ...], str]:
    return _index()[0]


def seats() -> dict[tuple[str, ...], str]:
    return _index()[1]


LONGEST_NAME = 5
