"""The vocabulary of negotiations: names, places, agenda items and the sentences built from them.

Every function takes the generator's `random.Random`, so the same seed gives the same words.
"""

import datetime
import random

# (city, region, ISO country code, latitude, longitude)
CITIES = [
    ("Geneva", "Geneva", "CH", 46.2044, 6.1432),
    ("Vienna", "Vienna", "AT", 48.2082, 16.3738),
    ("Istanbul", "Istanbul", "TR", 41.0082, 28.9784),
    ("Doha", "Ad-Dawhah", "QA", 25.2854, 51.531),
    ("Riyadh", "Riyadh", "SA", 24.7136, 46.6753),
    ("Jeddah", "Makkah", "SA", 21.4858, 39.1925),
    ("Oslo", "Oslo", "NO", 59.9139, 10.7522),
    ("Helsinki", "Uusimaa", "FI", 60.1699, 24.9384),
    ("Minsk", "Minsk", "BY", 53.9006, 27.559),
    ("Abu Dhabi", "Abu Dhabi", "AE", 24.4539, 54.3773),
    ("Cairo", "Cairo", "EG", 30.0444, 31.2357),
    ("Nairobi", "Nairobi", "KE", -1.2921, 36.8219),
    ("Addis Ababa", "Addis Ababa", "ET", 8.9806, 38.7578),
    ("Havana", "La Habana", "CU", 23.1136, -82.3666),
    ("Bogotá", "Cundinamarca", "CO", 4.711, -74.0721),
    ("Astana", "Astana", "KZ", 51.1694, 71.4491),
    ("Baku", "Absheron", "AZ", 40.4093, 49.8671),
    ("Muscat", "Muscat", "OM", 23.588, 58.3829),
    ("Rome", "Lazio", "IT", 41.9028, 12.4964),
    ("Paris", "Île-de-France", "FR", 48.8566, 2.3522),
    ("Berlin", "Berlin", "DE", 52.52, 13.405),
    ("London", "England", "GB", 51.5074, -0.1278),
    ("Washington", "District of Columbia", "US", 38.9072, -77.0369),
    ("Miami", "Florida", "US", 25.7617, -80.1918),
    ("New York", "New York", "US", 40.7128, -74.006),
    ("Moscow", "Moscow", "RU", 55.7558, 37.6173),
    ("Kyiv", "Kyiv", "UA", 50.4501, 30.5234),
    ("Ankara", "Ankara", "TR", 39.9334, 32.8597),
    ("Brussels", "Brussels-Capital", "BE", 50.8503, 4.3517),
    ("Stockholm", "Stockholm", "SE", 59.3293, 18.0686),
    ("Dakar", "Dakar", "SN", 14.7167, -17.4677),
    ("Arusha", "Arusha", "TZ", -3.3869, 36.683),
    ("Kampala", "Central", "UG", 0.3476, 32.5825),
    ("Khartoum", "Khartoum", "SD", 15.5007, 32.5599),
    ("Amman", "Amman", "JO", 31.9454, 35.9284),
    ("Beirut", "Beirut", "LB", 33.8938, 35.5018),
    ("Tashkent", "Tashkent", "UZ", 41.2995, 69.2401),
    ("Jakarta", "Jakarta", "ID", -6.2088, 106.8456),
    ("Manila", "Metro Manila", "PH", 14.5995, 120.9842),
    ("Kuala Lumpur", "Kuala Lumpur", "MY", 3.139, 101.6869),
]
VENUES = [
    "Palace of Nations",
    "Ministry of Foreign Affairs",
    "Presidential Palace",
    "Intercontinental Hotel",
    "Ritz-Carlton",
    "Conference Centre",
    "Embassy of Switzerland",
    "Government Guest House",
    "Chamber of Commerce",
    "Old Town Hall",
    "Airport VIP Terminal",
    "Naval Base",
    "Royal Palace",
    "Foreign Ministry Annex",
    "University Aula",
    "Seaside Resort",
    "Mountain Lodge",
    "Golf Club",
    "Diplomatic Academy",
    "Parliament Building",
    "Military Headquarters",
    "UN Compound",
    "Central Bank Tower",
    "Cathedral Chapter House",
    "Lakeside Villa",
    "Trade Fair Hall",
    "Grand Hotel",
    "Embassy Residence",
    "National Library",
    "Opera House Annex",
]
STATES = [
    ("United States", "US"),
    ("Ukraine", ""),
    ("Russia", ""),
    ("Türkiye", ""),
    ("Qatar", ""),
    ("Saudi Arabia", "KSA"),
    ("Norway", ""),
    ("Switzerland", ""),
    ("France", ""),
    ("Germany", ""),
    ("United Kingdom", "UK"),
    ("China", "PRC"),
    ("Egypt", ""),
    ("Ethiopia", ""),
    ("Sudan", ""),
    ("South Sudan", ""),
    ("Colombia", ""),
    ("Armenia", ""),
    ("Azerbaijan", ""),
    ("Israel", ""),
    ("Jordan", ""),
    ("Lebanon", ""),
    ("Kazakhstan", ""),
    ("Indonesia", ""),
    ("Philippines", ""),
    ("Kenya", ""),
    ("Uganda", ""),
    ("Oman", ""),
    ("United Arab Emirates", "UAE"),
    ("Finland", ""),
    ("Sweden", ""),
    ("Italy", ""),
    ("Austria", ""),
    ("Belarus", ""),
    ("Georgia", ""),
    ("Moldova", ""),
]
BLOCS = [
    ("European Union", "EU"),
    ("African Union", "AU"),
    ("NATO", "NATO"),
    ("League of Arab States", "LAS"),
    ("ASEAN", "ASEAN"),
    ("Collective Security Treaty Organization", "CSTO"),
    ("Gulf Cooperation Council", "GCC"),
    ("IGAD", "IGAD"),
]
ORG_PATTERNS = [
    "{region} Liberation Front",
    "Movement for {region}",
    "{region} Democratic Forces",
    "People's Council of {region}",
    "{region} Self-Defence Units",
    "Coalition for a Free {region}",
    "{region} Humanitarian Mission",
    "Monitoring Mission in {region}",
]
ORG_REGIONS = [
    "Azawad",
    "Darfur",
    "Tigray",
    "Donbas",
    "Karabakh",
    "Mindanao",
    "Cabinda",
    "Kordofan",
    "Ogaden",
    "Casamance",
    "Aceh",
    "Kivu",
    "Idlib",
    "Rakhine",
    "Abkhazia",
    "Transnistria",
    "Crimea",
    "Sahel",
    "Upper Nile",
    "Blue Nile",
]


def _words(words: str) -> list[str]:
    return words.split()


# Invented combinations; surnames of real negotiators are left out on purpose.
FIRST_NAMES = _words(
    "Anna Oleksandr Sergei Marco Fatima Ahmed Elena Jean Maria Hakan Yusuf Ingrid Lars Kofi "
    "Amina Rustam Nadia Pavel Olena Andriy Dmitry Kirill Steve Jared Paolo Ali Omar Leila "
    "Sofia Giorgi Nino Arman Chen Wei Li Ming Hiroshi Sipho Thabo Grace Peter Helga Mikko "
    "Sanna Emmanuel Claire Rahul Priya Diego Lucia Camila Mateo Jonas Katarina Ivan Yulia "
    "Rami Samir Layla Tariq Hassan Noura Khalid Abdul Musa Bola Ngozi Chidi Ayaan"
)
LAST_NAMES = _words(
    "Kovalenko Petrenko Sokolov Morozov Volkov Lebedev Hoffmann Keller Berger Novak Horvat "
    "Nielsen Johansson Virtanen Laine Okonkwo Mensah Tesfaye Abebe Santos Reyes Haddad "
    "Nasser Karimi Yilmaz Demir Kaya Ivanova Shevchenko Bondarenko Melnyk Tkachenko Osei "
    "Banda Mwangi Otieno Hussein Rahman Qureshi Khan Farouk Darwish Saleh Mansour Nakamura "
    "Zhang Wang Moreau Lambert Rossi Bianchi Costa Silva Almeida Novikova Grigoryan Mammadov "
    "Beridze Lindqvist Haugen Dubois Fischer Schmidt Kowalski Nowak Popescu Dimitrov"
)
TITLES = [
    "Foreign Minister",
    "Chief Negotiator",
    "Special Envoy",
    "National Security Adviser",
    "Deputy Foreign Minister",
    "Defence Minister",
    "Head of the Presidential Office",
    "Ambassador",
    "Chief of the General Staff",
    "Secretary of the Security Council",
    "Presidential Aide",
    "Head of Intelligence",
    "Mediator",
    "Political Adviser",
    "Legal Adviser",
]
BODIES = [
    "",
    "",
    "Ministry of Foreign Affairs",
    "Presidential Office",
    "Security Council",
    "Ministry of Defence",
    "Parliament",
    "General Staff",
    "Intelligence Service",
]
AGENDA = [
    "the ceasefire line",
    "prisoner exchanges",
    "humanitarian corridors",
    "sanctions relief",
    "security guarantees",
    "a demilitarised zone",
    "elections in the contested areas",
    "a reconstruction fund",
    "control of the nuclear plant",
    "grain exports through the Black Sea",
    "the return of deported children",
    "troop withdrawals",
    "the size of the armed forces",
    "frozen central-bank assets",
    "language and church rights",
    "international monitoring",
    "the status of the occupied territories",
    "energy infrastructure strikes",
    "amnesty for combatants",
    "refugee returns",
    "a joint verification commission",
    "border crossings",
    "water sharing",
    "oil revenue sharing",
    "disarmament of militias",
    "a transitional government",
    "war crimes accountability",
    "mine clearance",
]
TOPICS = [
    "Military",
    "Territory",
    "Security guarantees",
    "Sanctions",
    "Energy",
    "Humanitarian",
    "Prisoners",
    "Elections",
    "Economy",
    "Reconstruction",
    "Nuclear safety",
    "Justice",
    "Refugees",
    "Monitoring",
    "Governance",
    "Culture and language",
    "Trade",
    "Borders",
    "Disarmament",
    "Finance",
]
ADJECTIVES = [
    "constructive",
    "difficult",
    "productive",
    "tense",
    "frank",
    "substantive",
    "inconclusive",
    "promising",
    "slow",
    "encouraging",
    "stalled",
    "businesslike",
]
VERBS = ["rejected", "welcomed", "questioned", "accepted in principle", "criticised", "endorsed"]
PUBLISHERS = [
    "Reuters",
    "Associated Press",
    "Agence France-Presse",
    "Kyiv Independent",
    "Meduza",
    "Al Jazeera",
    "BBC News",
    "Financial Times",
    "The Economist",
    "Ministry press office",
    "Crisis Group",
    "Le Monde",
]
REWORDINGS = [
    ("shall", "will"),
    ("within", "no later than"),
    ("guarantee", "ensure"),
    ("all", "the relevant"),
    ("parties", "sides"),
]


def person_name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def party_names(rng: random.Random, count: int) -> list[tuple[str, str, str]]:
    """`count` (name, short name, kind) triples: the states and blocs first, then movements."""
    names: list[tuple[str, str, str]] = [(n, s, "state") for n, s in STATES]
    names += [(n, s, "bloc") for n, s in BLOCS]
    organisations = [p.format(region=r) for r in ORG_REGIONS for p in ORG_PATTERNS]
    rng.shuffle(organisations)
    names += [(n, "", "organisation") for n in organisations]
    while len(names) < count:  # beyond the vocabulary: numbered splinter groups
        base = organisations[len(names) % len(organisations)]
        names.append((f"{base} ({len(names)})", "", "organisation"))
    return names[:count]


def agenda(rng: random.Random) -> str:
    return rng.choice(AGENDA)


def meeting_sentence(rng: random.Random, a: str, b: str, city: str, item: str) -> str:
    templates = (
        "Delegations from {a} and {b} met in {city} to discuss {item}.",
        "Talks between {a} and {b} in {city} focused on {item}.",
        "{a} and {b} resumed negotiations in {city}, with {item} at the top of the agenda.",
        "Negotiators from {a} told reporters in {city} that talks with {b} on {item} were {adj}.",
        "A {adj} round in {city} left {a} and {b} apart on {item}.",
    )
    return rng.choice(templates).format(a=a, b=b, city=city, item=item, adj=rng.choice(ADJECTIVES))


def quote(rng: random.Random, party: str, item: str) -> str:
    templates = (
        "We will not accept any agreement that ignores {item}.",
        "Progress on {item} has been {adj}, and {party} remains ready to talk.",
        "{party} is prepared to compromise on {item} if the other side does the same.",
        "There can be no peace without a settlement on {item}.",
        "Our position on {item} has not changed.",
        "The talks on {item} were {adj}; we agreed to meet again.",
    )
    return rng.choice(templates).format(item=item, party=party, adj=rng.choice(ADJECTIVES))


def stance_text(rng: random.Random, party: str, item: str) -> str:
    templates = (
        "{party} {verb} the proposal on {item}.",
        "{party} insists that {item} be settled before any ceasefire.",
        "{party} would accept {item} only under international monitoring.",
        "{party} has not said where it stands on {item}.",
    )
    return rng.choice(templates).format(party=party, item=item, verb=rng.choice(VERBS))


def point_text(rng: random.Random, item: str, party: str) -> tuple[str, str]:
    """A framework point's title and wording."""
    title = f"{item[0].upper()}{item[1:]}".removeprefix("The ").removeprefix("A ")
    title = title[0].upper() + title[1:]
    body = rng.choice(
        (
            "The parties shall agree on {item} within {n} days of signature.",
            "{party} shall guarantee {item} under international supervision.",
            "All parties shall refrain from actions that undermine {item}.",
            "A joint commission shall oversee {item} and report every {n} days.",
        )
    ).format(item=item, party=party, n=rng.choice((30, 60, 90, 100, 180)))
    return title, body


def reword(rng: random.Random, text: str) -> str:
    old, new = rng.choice(REWORDINGS)
    changed = text.replace(old, new, 1)
    return changed if changed != text else f"{text} Details remain to be agreed."


def development_text(rng: random.Random, kind: str, party: str, city: str) -> tuple[str, str]:
    titles = {
        "resignation": "{party} chief negotiator resigns",
        "attack": "Strike near {city} overshadows talks",
        "scandal": "Leaked recordings embarrass {party} delegation",
        "announcement": "{party} announces new peace initiative",
        "other": "Talks venue moved from {city}",
    }
    title = titles[kind].format(party=party, city=city)
    summary = (
        f"{title}. Observers in {city} said the news could affect {rng.choice(AGENDA)}, "
        f"which both sides described as {rng.choice(ADJECTIVES)}."
    )
    return title, summary


def source_sentence(rng: random.Random, parties: list[str], cities: list[str]) -> str:
    a, b = rng.sample(parties, 2) if len(parties) > 1 else (parties[0], parties[0])
    city, item = rng.choice(cities), rng.choice(AGENDA)
    if rng.random() < 0.5:
        return meeting_sentence(rng, a, b, city, item)
    said = quote(rng, a, item)
    return f"A spokesperson for {a} said in {city}: “{said}”"


def day(ordinal: int) -> datetime.date:
    return datetime.date.fromordinal(ordinal)
