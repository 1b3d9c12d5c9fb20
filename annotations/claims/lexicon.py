"""Word lists the claim matcher reads: names that mean the same place or party,
words that are not names, measures and their families. Plain data, no logic.

General knowledge only (countries, their people and seats of government, common
titles); nothing here is about one story.
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _pairs(text: str) -> dict[str, str]:
    """Lines of "name, name, ...: key" into {name: key} (names lower-case)."""
    out: dict[str, str] = {}
    joined = text.replace(",\n", ", ")  # a list may run on over several lines
    for line in joined.strip().splitlines():
        names, key = line.rsplit(":", 1)
        for name in names.split(","):
            out[name.strip()] = key.strip()
    return out


# A country, its people, its adjective and its seat of government name one party:
# "North Korean troops", "Pyongyang's soldiers" and "the DPRK" all point at one.
PARTIES = _pairs(
    """
    north korea, north korean, north koreans, dprk, pyongyang: north korea
    south korea, south korean, south koreans, seoul, rok: south korea
    russia, russian, russians, moscow, kremlin, russian federation: russia
    ukraine, ukrainian, ukrainians, kyiv, kiev: ukraine
    china, chinese, beijing, prc: china
    united states, us, u.s., usa, u.s.a., america, american, americans, washington,
        white house, pentagon: united states
    united kingdom, uk, u.k., britain, british, great britain, london,
        downing street: united kingdom
    france, french, paris, elysee, élysée: france
    germany, german, germans, berlin: germany
    italy, italian, italians, rome: italy
    spain, spanish, madrid: spain
    portugal, portuguese, lisbon: portugal
    netherlands, dutch, the hague, amsterdam: netherlands
    belgium, belgian, brussels: belgium
    poland, polish, poles, warsaw: poland
    greece, greek, greeks, athens: greece
    turkey, türkiye, turkish, turks, ankara: turkey
    iran, iranian, iranians, tehran: iran
    iraq, iraqi, iraqis, baghdad: iraq
    syria, syrian, syrians, damascus: syria
    israel, israeli, israelis, jerusalem: israel
    palestine, palestinian, palestinians: palestine
    lebanon, lebanese, beirut: lebanon
    egypt, egyptian, egyptians, cairo: egypt
    saudi arabia, saudi, saudis, riyadh: saudi arabia
    japan, japanese, tokyo: japan
    india, indian, indians, new delhi, delhi: india
    pakistan, pakistani, pakistanis, islamabad: pakistan
    afghanistan, afghan, afghans, kabul: afghanistan
    philippines, philippine, filipino, filipinos, manila: philippines
    indonesia, indonesian, indonesians, jakarta: indonesia
    vietnam, vietnamese, hanoi: vietnam
    thailand, thai, bangkok: thailand
    mexico, mexican, mexicans, mexico city: mexico
    brazil, brazilian, brazilians, brasilia, brasília: brazil
    argentina, argentine, argentinian, buenos aires: argentina
    canada, canadian, canadians, ottawa: canada
    australia, australian, australians, canberra: australia
    nigeria, nigerian, nigerians, abuja: nigeria
    kenya, kenyan, kenyans, nairobi: kenya
    ethiopia, ethiopian, ethiopians, addis ababa: ethiopia
    sudan, sudanese, khartoum: sudan
    morocco, moroccan, moroccans, rabat: morocco
    libya, libyan, libyans, tripoli: libya
    tunisia, tunisian, tunisians, tunis: tunisia
    belarus, belarusian, minsk: belarus
    georgia, georgian, tbilisi: georgia
    sweden, swedish, swedes, stockholm: sweden
    norway, norwegian, norwegians, oslo: norway
    finland, finnish, finns, helsinki: finland
    denmark, danish, danes, copenhagen: denmark
    ireland, irish, dublin: ireland
    switzerland, swiss, bern: switzerland
    austria, austrian, vienna: austria
    hungary, hungarian, budapest: hungary
    romania, romanian, bucharest: romania
    european union, eu: european union
    united nations, un, u.n.: united nations
    nato: nato
    """
)

# Words written with a capital that are not names (sentence openers, titles,
# weekdays): they never start or make an entity on their own.
NOT_NAMES = _words(
    """
    a an the this that these those it its he she they we i you his her their our my
    in on at by for from to of with without into over under after before during since
    and or but nor so yet if as while when where whether although though despite amid
    according meanwhile however moreover also both all some many most more several
    reports report officials sources source video videos footage images image
    monday tuesday wednesday thursday friday saturday sunday today yesterday
    january february march april june july august september october november december
    there here what who which why how not no one two three four five six seven eight
    nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen
    twenty thirty forty fifty sixty seventy eighty ninety hundred thousand dozen half
    read share exit continue about around nearly almost roughly approximately
    estimated close fewer less just only up thousands hundreds dozens millions another
    each police rescuers authorities residents witnesses survivors experts analysts
    troops soldiers forces people
    across including excluding among between against until because once then now still even
    instead unlike like than above below advertisement
    """
)

# Title words: part of how a person is introduced, not of their name.
TITLES = _words(
    """
    president vice prime minister secretary chancellor king queen prince princess
    general gen colonel col major maj captain capt lieutenant lt admiral adm sergeant
    commander chief head director spokesperson spokesman spokeswoman ambassador envoy
    chairman chairwoman chair senator sen representative rep governor gov mayor
    mr mrs ms dr prof professor sir lord lady judge justice minister's state defense
    defence foreign interior health finance affairs mp mep ceo cfo founder deputy
    acting former us u.s. uk un nato eu national security council arctic military
    committee
    """
)

# Words after a place name that name its kind: "Kursk Oblast", "Idlib province".
PLACE_KINDS = _words(
    """
    oblast region province state county district city town village area prefecture
    governorate municipality border front island islands peninsula valley basin
    """
)

# A direction in front of a place names a part of it: "eastern Russia".
DIRECTIONS = _words(
    """
    eastern western northern southern central northeastern northwestern southeastern
    southwestern north-eastern north-western south-eastern south-western east west
    north south
    """
)

# Prepositions after which a name is where something is or goes.
LOCATIVE = _words("in into inside at near across throughout through to within off")
# "to" places a figure only after a verb of movement ("sent to Russia"), not after
# "speaking to", "due to" or "according to".
MOVED_TO = _words(
    """
    sent deployed moved transferred dispatched shipped flown flew fled evacuated
    relocated taken brought headed bound returned deported redeployed rushed transfer
    transfers deployment deployments dispatch
    """
)

# Words that place a figure in the whole country: "the nationwide toll".
NATIONWIDE = _words("nationwide countrywide nationally")

# The measured thing, from the unit the quantity counts: synonyms share a key.
UNITS = _pairs(
    """
    troops, troop, soldiers, soldier, forces, force, servicemen,
        service members, fighters, combatants, combat troops, men, marines: troops
    people, persons, residents, civilians, individuals, citizens, inhabitants: people
    officers, officer, police officers, policemen, police, gendarmes: officer
    children, child, kids, babies, infants, pupils: child
    workers, staff, rescuers, responders, employees, volunteers, firefighters,
        rescue workers, personnel: personnel
    dead, deaths, death, fatalities, killed, lives, bodies, body, victims: killed
    survivors, survivor: rescued
    cases, infections: infected
    jobs, job cuts, cuts, layoffs, redundancies, positions, posts: job
    wounded, injured, injuries, hurt: injured
    casualties, losses: casualties
    missing: missing
    evacuees, evacuated: evacuated
    displaced: displaced
    homes, houses, dwellings, buildings: buildings
    suspects, smugglers, arrests: detained
    prisoners, prisoner, detainees, detainee, captives, inmates, pows: prisoner
    protesters, protestors, demonstrators, marchers, participants, attendees, strikers,
        crowd, turnout: attendance
    passengers, migrants, refugees, asylum seekers: people
    dollars, usd: dollars
    euros: euros
    pounds: pounds
    pesos, peso: pesos
    yen: yen
    yuan, renminbi: yuan
    rubles, roubles, ruble, rouble: rubles
    hryvnias, hryvnia: hryvnias
    rupees, rupee: rupees
    won: won
    francs, franc: francs
    kronor, kroner, krona, krone, crowns: kronor
    zloty, zlotys, zlotych: zloty
    lira, lire: lira
    rand: rand
    reais: reais
    bolivianos, boliviano: bolivianos
    dirhams, dirham: dirhams
    shekels, shekel: shekels
    naira: naira
    shillings, shilling: shillings
    bitcoin, bitcoins: bitcoin
    per cent, percent: per cent
    km, kilometres, kilometers, kilometre, kilometer: km
    miles: miles
    nautical miles: nautical miles
    mm, millimetres, millimeters, millimetre, millimeter: mm
    cm, centimetres, centimeters: cm
    metres, meters, metre, meter, m: metres
    feet, foot, ft: feet
    inches, inch: inches
    hectares: hectares
    decares, decare: decares
    litres, liters, litre, liter: litres
    cubic metres, cubic meters, cubic metre, cubic meter, m3, m³: cubic metres
    gallons, gallon: gallons
    acres: acres
    square kilometers, square kilometres, km²: square km
    cars, car, vans, van, lorries, lorry, trucks, truck, buses, bus, coaches, vehicles,
        vehicle, motorcycles: vehicle
    miners, miner: personnel
    instructors, military instructors, advisers, advisors, military advisers, mercenaries,
        paratroopers, commandos, military personnel: troops
    crew, crew members, crewmembers, crewmen, sailors, sailor, seafarers: crew
    shells, shell, rounds, artillery rounds, mortar rounds, mortars, artillery shells: shell
    drones, drone, uavs, uav, shaheds, shahed: drone
    missiles, missile, rockets, rocket: missile
    kg, kgs, kilograms, kilogram, kilos, kilo: kg
    tonnes, tonne, tons, ton, metric tons: tonnes
    lb, lbs: lb
    km/h, kph, kmh, kilometres per hour, kilometers per hour, kms/h: km/h
    mph, miles per hour, mi/h: mph
    knots, knot: knots
    °c: °c
    °f: °f
    kw, kilowatts, kilowatt: kw
    mw, megawatts, megawatt: mw
    gw, gigawatts, gigawatt: gw
    """
)

# Predicates that say what happened to the people counted: they decide the measure
# ("3,800 soldiers killed or injured" counts casualties, not soldiers).
STATUS = _pairs(
    """
    killed, dead, died, perished, slain, deaths, fatalities, death toll: killed
    wounded, injured, hurt, injuries: injured
    casualties, losses: casualties
    missing, unaccounted: missing
    captured, taken prisoner: captured
    detained, arrested: detained
    evacuated, evacuation, evacuations, evacuate: evacuated
    working, employed, on duty, on shift: personnel
    marched, demonstrated, protested, rallied, marching, demonstrating, protesting: attendance
    displaced, homeless, flee, fled, uprooted: displaced
    sheltering, sheltered, shelters, tents, camps: sheltered
    aboard, onboard, board, crammed, packed: aboard
    rescued, saved: rescued
    trapped, stuck, entombed: trapped
    infected, cases, sickened, ill, sick: infected
    hospitalized, hospitalised, admitted, hospitalisations, hospitalizations: hospitalised
    treated, treatment: treated
    """
)

# Measures that are facets of one count: killed vs killed or wounded is a different
# scope of the same toll, so such figures are related, never in conflict.
FAMILIES = {
    "killed": "toll",
    "injured": "toll",
    "casualties": "toll",
    "missing": "toll",
    "evacuated": "displacement",
    "displaced": "displacement",
    "sheltered": "displacement",
}
# Within a family, the measures that contain others: "killed or wounded" counts the
# killed, so the two are facets; "killed" and "injured" are simply different counts.
CONTAINS = {
    "casualties": frozenset({"killed", "injured", "missing"}),
    "displaced": frozenset({"evacuated", "sheltered"}),
    # those in shelters were evacuated; many more went to relatives
    "evacuated": frozenset({"sheltered"}),
    "infected": frozenset({"hospitalised"}),
    "treated": frozenset({"hospitalised"}),
}

CURRENCIES = frozenset(
    """
    dollars euros pounds pesos yen yuan rubles hryvnias rupees won francs kronor zloty
    lira rand reais bolivianos dirhams shekels naira shillings bitcoin
    """.split()
)
# Rough worth of a unit in US dollars (late 2025), to compare one sum told in two
# currencies; sums are compared with RATE_SLACK to spare, since outlets convert at
# the day's rate. Currencies of several countries (pesos, francs, shillings) and
# bitcoin have none: their sums are only related.
DOLLAR_RATES = {
    "dollars": 1.0, "euros": 1.16, "pounds": 1.33, "yen": 0.0066, "yuan": 0.14,
    "rubles": 0.0125, "hryvnias": 0.024, "rupees": 0.0113, "won": 0.0007,
    "kronor": 0.1, "zloty": 0.27, "lira": 0.024, "rand": 0.057, "reais": 0.18,
    "bolivianos": 0.145, "dirhams": 0.27, "shekels": 0.3, "naira": 0.00068,
}  # fmt: skip
RATE_SLACK = 0.15

# What a sum of money is, from a word near it (stemmed as facts.stem does): "damage",
# "damages", "cost", "costs" ... (a disaster's losses are its damage)
MONEY_SUBJECTS = {
    "damag": "damage", "cost": "cost", "aid": "aid", "fin": "fine", "budget": "budget",
    "compensation": "compensation", "ransom": "ransom", "deficit": "deficit",
    "debt": "debt", "revenu": "revenue", "profit": "profit", "loss": "damage",
    "investment": "investment", "salary": "pay", "wag": "pay", "pay": "pay",
    "bail": "bail", "bribe": "bribe", "donation": "donations", "fund": "funding",
    "saving": "savings", "sav": "savings", "surplus": "surplus",
}  # fmt: skip

# What an organisation does or owns: a figure of these belongs to the organisation
# the clause is about ("Volkswagen agreed to cut 35,000 jobs"), so another company's
# figure is another fact.
OWNED = frozenset("job plant factori site store branch".split()) | CURRENCIES

# Events a claim can date ("the vote will take place on 24 April"): two claims dating
# one event agree or conflict on the date.
EVENTS = _pairs(
    """
    vote, votes, voting, ballot: vote
    recount: recount
    strike, strikes, walkout: strike
    election, elections, referendum, by-election: election
    hearing, trial, verdict, sentencing: hearing
    summit, talks, negotiations: talks
    exchange, swap: exchange
    reopening, reopen, reopens: reopening
    ceasefire, truce: ceasefire
    """
)

# Verbs that put an event on a day: "begins on Friday", "postponed until June".
SCHEDULING = _words(
    """
    begin begins began start starts started held hold holds take takes took
    scheduled set due postpone postponed postpones delay delayed delays move moved
    resume resumes resumed reopen reopens reopened planned will would strike
    effect force
    """
)

# Units of one dimension, as a factor to a common one: "45 nautical miles" and
# "some 80 km" compare as distances, "8,400 hectares" and "20,750 acres" as areas.
CONVERTED = {
    "km": ("distance", 1.0, "km"),
    "miles": ("distance", 1.609, "km"),
    "nautical miles": ("distance", 1.852, "km"),
    # rain and snow are told in mm or inches, heights and levels in metres or feet
    "mm": ("depth", 1.0, "mm"),
    "cm": ("depth", 10.0, "mm"),
    "inches": ("depth", 25.4, "mm"),
    "metres": ("length", 1.0, "metres"),
    "feet": ("length", 0.3048, "metres"),
    "litres": ("volume", 1.0, "litres"),
    "cubic metres": ("volume", 1000.0, "litres"),
    "gallons": ("volume", 3.785, "litres"),  # US gallons, as wires use
    "hectares": ("area", 1.0, "hectares"),
    "acres": ("area", 0.4047, "hectares"),
    "decares": ("area", 0.1, "hectares"),
    "square km": ("area", 100.0, "hectares"),
    # winds are told in km/h, mph or knots; power in kW, MW or GW
    "kg": ("mass", 1.0, "kg"),
    "tonnes": ("mass", 1000.0, "kg"),
    "lb": ("mass", 0.4536, "kg"),
    "km/h": ("speed", 1.0, "km/h"),
    "mph": ("speed", 1.609, "km/h"),
    "knots": ("speed", 1.852, "km/h"),
    "kw": ("power", 0.001, "MW"),
    "mw": ("power", 1.0, "MW"),
    "gw": ("power", 1000.0, "MW"),
    "°c": ("temperature", 1.0, "°C"),
    "°f": ("temperature", 5 / 9, "°C"),
}
# Units whose zero is not the common one's: 32 °F is 0 °C.
OFFSETS = {"°f": 32.0}

# Counts that move as a story unfolds (tolls, people rescued, area burned, teams on
# site): figures reported on different days are two readings, related, not in
# conflict. Other counts (people aboard, a magnitude, arrests, a distance) are fixed
# once the event happened and compare whatever the day.
EVOLVING = frozenset(
    """
    killed injured casualties missing rescued displaced evacuated sheltered infected
    hospitalised treated area personnel troops buildings country aftershock temperature
    speed trapped
    """.split()
)

# What stays true of one event whatever day it is told: a figure of these on
# another day is compared as it is ("a 64-year-old farmer died on Wednesday" and
# "was buried on Friday").
FIXED = frozenset("aboard age magnitude distance length depth duration detained".split())

# How many days a rate's period lasts.
PERIODS = {
    "hour": 1 / 24,
    "day": 1.0,
    "week": 7.0,
    "month": 30.0,
    "year": 365.0,
    "decade": 3650.0,
}
PERIOD_WORDS = _pairs(
    """
    hourly: hour
    daily: day
    weekly: week
    monthly: month
    yearly, annually, annual: year
    """
)
TIME_UNITS = _pairs(
    """
    hours, hour: hour
    days, day, nights, night: day
    weeks, week: week
    months, month: month
    years, year: year
    decades, decade: decade
    """
)

# A figure that counts only part of the whole: "the first group of 2,600", "up to
# 6,000 personnel each", "another 1,000".
PARTIAL_BEFORE = _words("first initial another additional further extra second among")
PARTIAL_AFTER = _words("each apiece more")

# Words that deny what a clause states.
NEGATIONS = _words(
    """
    not no never denied denies deny denying false untrue baseless rejected refuted
    dismissed nobody none neither nor n't
    """
)

# Words that tell what a claim is about, too common to do so alone.
STOPWORDS = _words(
    """
    a about above after again against all also am among an and any are as at be
    because been before being below between both but by can could did do does doing
    down during each few for from further had has have having he her here hers him his
    how i if in into is it its itself just me more most my no nor not now of off on once
    only or other our out over own per same she should so some such than that the their
    them then there these they this those through to too under until up upon very was we
    were what when where which while who whom why will with would you your yet said says
    say told according reported reportedly stated state added noted mentioned revealed
    confirmed claimed warned announced believed believes estimated estimate around
    nearly almost least roughly approximately some just only currently recently still
    already since last week weeks day days month months year years time times new mr
    ms mrs one two three four five six seven eight nine ten hundreds thousands dozens
    millions total including meanwhile however amid despite while whether may might
    must shall would could also another further even well yet
    """
)
