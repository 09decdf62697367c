"""Text that reaches `_()` as data, marked here so that `make messages` extracts it.

pybabel only sees string literals inside `_()`/`N_()` calls. Templates also translate values
that come from the core (`_(m.measure)`, `_(section.title)`, an advisory's level label, a
freight mode as BTS publishes it), so every such value is listed below with the `N_` marker.
tests/web/test_spanish.py checks these lists against the vocabularies they copy (the BTS
measures, the nav sections, the advisory levels...), so a new value cannot go untranslated
unnoticed.
"""

from __future__ import annotations


def N_(message: str) -> str:
    """Mark a string for extraction; it is translated where it is shown."""
    return message


SECTIONS = (
    N_("Border"),
    N_("Ports of entry and monthly crossings since 1996: who crosses where, and when."),
    N_("Trade"),
    N_("Goods trade with every partner since 1985, Mexico's rank, freight by mode and state."),
    N_("Sanctions"),
    N_("The OFAC SDN list, Kingpin Act designations tied to Mexico, and name screening."),
    N_("Lists"),
    N_("Every loaded sanctions and export-control list: search entries, see what changed."),
    N_("Monitoring"),
    N_("Portfolios of customers and suppliers screened again on every new list version."),
    N_("Travel"),
    N_("The travel advisory state by state, the Embassy and consulates, entry and vaccines."),
    N_("Exchanges"),
    N_("YLAI, SUSI, Jóvenes en Acción, Access, Fulbright-García Robles and more: who can go."),
    N_("Relations"),
    N_("The State Department's relations page regenerated from the data, every claim checked."),
    N_("Highlights"),
    N_("News items and what changed in the data; Atom feed."),
    N_("Data"),
    N_("Every dataset behind the figures: source, version, checksum and coverage."),
)

# BTS Border Crossing Entry Data: the 12 measures, as published.
MEASURES = (
    N_("Bus Passengers"),
    N_("Buses"),
    N_("Pedestrians"),
    N_("Personal Vehicle Passengers"),
    N_("Personal Vehicles"),
    N_("Rail Containers Empty"),
    N_("Rail Containers Loaded"),
    N_("Train Passengers"),
    N_("Trains"),
    N_("Truck Containers Empty"),
    N_("Truck Containers Loaded"),
    N_("Trucks"),
)

# CBP Border Wait Times lanes and lane types (puente.border.lanes), and the weekdays.
LANES = (
    N_("Passenger vehicles"),
    N_("Pedestrians"),
    N_("Commercial vehicles"),
    N_("General lanes"),
    N_("Ready Lane"),
    N_("SENTRI/NEXUS"),
    N_("FAST"),
)
WEEKDAYS = (
    N_("Monday"),
    N_("Tuesday"),
    N_("Wednesday"),
    N_("Thursday"),
    N_("Friday"),
    N_("Saturday"),
    N_("Sunday"),
)

# Travel: the advisory levels, the State Department's risk indicators, entry requirements.
ADVISORY_LEVELS = (
    N_("Exercise Normal Precautions"),
    N_("Exercise Increased Caution"),
    N_("Reconsider Travel"),
    N_("Do Not Travel"),
)
RISK_INDICATORS = (
    N_("crime"),
    N_("terrorism"),
    N_("civil unrest"),
    N_("health"),
    N_("natural disaster"),
    N_("time-limited event"),
    N_("kidnapping"),
    N_("wrongful detention"),
    N_("other"),
)
ENTRY_LABELS = (
    N_("Passport validity"),
    N_("Blank passport pages"),
    N_("Tourist visa"),
    N_("Vaccinations required for entry"),
    N_("Currency declaration on entry"),
    N_("Currency declaration on exit"),
    N_("Longest stay without a visa"),
    N_("Passport book required by air"),
    N_("Airports without the paper tourist card (FMM)"),
    N_("Duty-free tobacco"),
    N_("Duty-free alcohol"),
    N_("Medication"),
    N_("Emergency line for U.S. citizens"),
    N_("Embassy switchboard"),
)
TRAVEL_NOTES = (
    N_(
        "Where “who it is for” says no data, the CDC wording could not be "
        "confirmed; it does not mean the vaccine is not recommended."
    ),
)

# Exchanges: directions, audiences, and what a program's sources may not state.
EXCHANGES = (
    N_("From Mexico to the U.S."),
    N_("From the U.S. to Mexico"),
    N_("In Mexico"),
    N_("Both ways"),
    N_("students"),
    N_("youth"),
    N_("professionals"),
    N_("teachers"),
    N_("scholars"),
    N_("leaders"),
    N_("entrepreneurs"),
    N_("institutions"),
    N_("age limits"),
    N_("length"),
)

# Trade: BTS TransBorder modes and commodity groups as published, scope notes, EIA products
# and units.
FREIGHT_MODES = (
    N_("Truck"),
    N_("Rail"),
    N_("Pipeline"),
    N_("Air"),
    N_("Vessel"),
    N_("Mail (U.S. Postal Service)"),
    N_("Foreign Trade Zones (FTZs)"),
    N_("Other/Unknown"),
)
COMMODITY_GROUPS = (
    N_("Animal or Vegetable Fats & Oils"),
    N_("Arms & Ammunition"),
    N_("Base Metals & Articles"),
    N_("Chemical Products"),
    N_("Foodstuffs, Beverages & Tobacco"),
    N_("Footwear, Headgear & Umbrellas"),
    N_("Live Animals & Animal Products"),
    N_("Machinery & Electrical Equipment"),
    N_("Mineral Products"),
    N_("Miscellaneous Manufactured Articles"),
    N_("Optical, Medical & Precision Instruments"),
    N_("Plastics & Rubber"),
    N_("Precious Metals & Stones"),
    N_("Pulp, Paper & Paperboard"),
    N_("Raw Hides, Skins & Leather"),
    N_("Special Classification Provisions"),
    N_("Stone, Ceramic & Glass Products"),
    N_("Textiles & Apparel"),
    N_("Transportation Equipment"),
    N_("Vegetable Products"),
    N_("Wood & Wood Products"),
    N_("Works of Art & Antiques"),
)
TRADE_NOTES = (
    N_("U.S. exports to Mexico by Mexican state of destination, surface modes (BTS)"),
    N_("natural gas"),
    N_("crude oil"),
    N_("petroleum products"),
    N_("Bcf/d"),
    N_("thousand barrels/d"),
)

# Sanctions: entry types, the facets a list diff compares, and the Remarks fields.
SANCTIONS = (
    N_("individual"),
    N_("entity"),
    N_("vessel"),
    N_("aircraft"),
    N_("name"),
    N_("entity_type"),
    N_("programs"),
    N_("aliases"),
    N_("addresses"),
    N_("Dob"),
    N_("Pob"),
    N_("Nationality"),
    N_("Citizenship"),
    N_("Gender"),
    N_("Email"),
    N_("Website"),
    N_("Phone"),
    N_("Title"),
    N_("Unparsed"),
    N_("Organization established date"),
    N_("Organization type"),
    N_("Target type"),
    N_("Vessel year of build"),
    N_("Vessel flag"),
    N_("Vessel type"),
    N_("Other vessel flag"),
    N_("Other vessel call sign"),
    N_("Other vessel type"),
    N_("Former vessel flag"),
    N_("Nationality of registration"),
    N_("Identification number"),
    N_("Registration number"),
    N_("Aircraft model"),
    N_("Aircraft operator"),
    N_("Aircraft tail number"),
    N_("Aircraft manufacture date"),
    N_("Aircraft mode s transponder code"),
    N_("Previous aircraft tail number"),
    N_("Additional sanctions information"),
    N_("Digital currency address"),
)

# Security: CBP's values as published (drug types, regions, components, directions,
# encounter groupings) and the notes the security answers carry.
SECURITY = (
    N_("Security"),
    N_("Drugs, money and encounters at the border; no arms data."),
    N_("Cocaine"),
    N_("Ecstasy"),
    N_("Fentanyl"),
    N_("Heroin"),
    N_("Ketamine"),
    N_("Khat (Catha Edulis)"),
    N_("Lsd"),
    N_("Marijuana"),
    N_("Methamphetamine"),
    N_("Other Drugs**"),
    N_("Southwest Border"),
    N_("Northern Border"),
    N_("Coastal/Interior"),
    N_("Central/Coastal/Other"),
    N_("Office of Field Operations"),
    N_("U.S. Border Patrol"),
    N_("Inbound"),
    N_("Outbound"),
    N_("Other"),
    N_("Accompanied Minors"),
    N_("FMUA"),
    N_("Single Adults"),
    N_("UAC"),
    N_("El Salvador"),
    N_("Guatemala"),
    N_("Honduras"),
    N_("Mexico"),
    N_("Title 42"),
    N_("Title 8"),
    N_("Apprehensions"),
    N_("Expulsions"),
    N_("Inadmissibles"),
    N_("CBP fiscal years run October to September (FY2025 = Oct 2024 – Sep 2025)."),
    N_(
        "Seizures measure enforcement activity (what CBP stopped), not the volume that crossed. "
        "CBP revises recent months with every release."
    ),
    N_(
        "Arms (firearms and ammunition) data is not available: no ATF trace data for Mexico, no "
        "SEDENA/FGR seizure series and no full CBP weapons seizure file could be obtained."
    ),
    N_(
        "Sample: this is a transcribed sample of CBP's currency seizure file "
        "(FY2025 to July 2026), not the full release; it may leave out events, "
        "so totals are lower bounds."
    ),
    N_(
        "Encounters count events, not people: one person stopped twice is two encounters. "
        "Title 42 expulsions ended in May 2023."
    ),
    N_("Southwest Land Border"),
    N_("Northern Land Border"),
    N_("at ports"),
    N_("between ports"),
    N_(
        "OFAC's CSV files carry no designation dates: an entry first seen in a list version was "
        "designated on or before that version's date."
    ),
    N_(
        'Members are the entries OFAC\'s Remarks mark "Linked To" the organisation (and their '
        "companies); shared street addresses and identity documents are shown as associations."
    ),
    N_(
        "Seizures per million people crossing: what CBP officers seized at the ports of entry of "
        "a field office, over the people BTS counts entering through those ports in the same "
        "months. Border Patrol seizures happen between the ports and have no crossing count."
    ),
    N_(
        "Air and Marine Operations seizures are separate from the ports of entry (OFO) and the "
        "Border Patrol (USBP) figures; a branch's state is where it is based, not always where "
        "the seizure happened."
    ),
    N_(
        "Nationwide encounters by the U.S. state where they happened, ports of entry and Border "
        "Patrol together; the Southwest land border region is Arizona, California, New Mexico "
        "and Texas."
    ),
)

# Sanctions and export-control lists (puente.sanctions.lists.LISTS titles) and the monitoring
# alert statuses and events (puente.watch.state).
LIST_TITLES = (
    N_("OFAC Specially Designated Nationals (SDN)"),
    N_("OFAC Consolidated (non-SDN) Sanctions List"),
    N_("United Nations Security Council Consolidated List"),
    N_("BIS Denied Persons List"),
    N_("Consolidated Screening List (trade.gov)"),
)
WATCH_WORDS = (
    N_("open"),
    N_("confirmed"),
    N_("dismissed"),
    N_("closed"),
    N_("opened"),
    N_("reopened"),
    N_("updated"),
)
BATCH_UPLOAD_ERRORS = (
    N_(
        "%(file)s is empty; expected a CSV file with a header row (a name column) and one"
        " row per name"
    ),
    N_(
        "%(file)s has a header row (line 1) but no rows below it; expected one row per "
        "name under the header"
    ),
    N_(
        "%(file)s, line 1: no name column; found the columns %(found)s; expected a column"
        " named %(accepted)s (and optionally type, birth_date, country, id_number)"
    ),
    N_(
        "%(file)s, line %(line)s: byte 0x%(byte)s is neither UTF-8 nor Windows-1252 text;"
        " expected a CSV file (in Excel: Save as, CSV UTF-8)"
    ),
    N_(
        "%(file)s, line %(line)s: the file holds NUL bytes, so it is not CSV text (a "
        ".xlsx or .xls workbook?); expected a CSV file (in Excel: Save as, CSV UTF-8)"
    ),
    N_(
        "%(file)s, line %(line)s: malformed CSV (%(problem)s); expected fields separated "
        "by commas, a field holding a comma or a quote in double quotes"
    ),
    N_("%(file)s, line 1: the column %(column)s appears twice in the header; expected it once"),
    N_(
        "%(file)s, line 1: the column %(column)s has the name of a column the results "
        "add; expected it renamed"
    ),
)
"""puente.sanctions.batch.MESSAGES: why an uploaded file was refused."""

# Sentences generated from data changes (puente.highlights.items.MESSAGES).
HIGHLIGHTS = (
    N_("%(num)s Mexico-tied entry designated"),
    N_("%(num)s Mexico-tied entries designated"),
    N_("%(num)s Mexico-tied entry removed from the SDN list"),
    N_("%(num)s Mexico-tied entries removed from the SDN list"),
    N_("Between SDN list versions %(old)s and %(new)s: %(names)s (%(programs)s)."),
    N_(
        "Between SDN list versions %(old)s and %(new)s: %(names)s and %(more)s more (%(programs)s)."
    ),
    N_("Travel advisory: %(num)s state level changed"),
    N_("Travel advisory: %(num)s state levels changed"),
    N_("Between the advisories of %(before)s and %(after)s the level was raised for %(up)s."),
    N_("Between the advisories of %(before)s and %(after)s the level was lowered for %(down)s."),
    N_(
        "Between the advisories of %(before)s and %(after)s the level was raised for %(up)s; "
        "lowered for %(down)s."
    ),
    N_("Border crossings: %(num)s new month loaded"),
    N_("Border crossings: %(num)s new months loaded"),
    N_("Border crossings through %(month)s"),
    N_("Monthly inbound crossings at the U.S.–Mexico ports now run through %(month)s."),
    N_(
        "Monthly inbound crossings at the U.S.–Mexico ports now run through %(month)s "
        "(new: %(months)s)."
    ),
)

# The Atom feeds (puente.highlights.feed, puente.watch.notify): titles and summary labels.
FEEDS = (
    N_("Puente: U.S.–Mexico highlights"),
    N_("%(summary)s (Data: %(versions)s.)"),
    N_("Puente alerts: %(name)s"),
    N_("%(event)s: %(subject)s - %(entry)s"),
    N_("status"),
    N_("by"),
    N_("reason"),
    N_("list version"),
    N_("score"),
    N_("programs"),
)

# The relations page (puente.relations.claims): the notes under each claim (MESSAGES), the
# claims as the State Department's page words them and what it states, and the titles and
# publishers of the datasets behind them.
CLAIMS = (
    N_("not loaded: %(datasets)s; load it to check this claim"),
    N_("BTS port codes reporting at least one inbound crossing in the year"),
    N_(
        "BTS port codes reporting at least one inbound crossing in the year; a port code can "
        "cover several crossings: the ports registry lists %(crossings)s crossings as of %(as_of)s"
    ),
    N_("people crossing northbound a day (pedestrians and vehicle passengers)"),
    N_("rank among countries by U.S. goods trade (Census); the page counts services too"),
    N_(
        "the data holds goods only (Census); services trade is not loaded, so the page's "
        "goods-and-services total cannot be checked: the goods part is the value shown"
    ),
    N_("goods two-way trade divided by the days of the year (a day's trade in goods)"),
    N_("Mexico's rank among destinations of U.S. exports (EIA), products then gas"),
    N_("the EIA data loaded is U.S. exports; U.S. crude imports by origin are not loaded"),
    N_("Census counts U.S. trade; Mexico's exports to all partners are not loaded"),
    N_("no reference row for %(metric)s"),
    N_("published figure from the reference table (not computed from raw data)"),
    N_("the data loaded has no figure for this claim: %(error)s"),
)
CLAIM_TEXTS = (
    N_("55 active ports of entry"),
    N_("hundreds of thousands of legal border crossings each day"),
    N_("hundreds of thousands"),
    N_("some 1.7 billion dollars of two-way trade"),
    N_("$1.7 billion"),
    N_("1.5 million U.S. citizens live in Mexico"),
    N_("1.5 million"),
    N_("Mexico is the United States' second-largest export market (after Canada)"),
    N_("third-largest trading partner (after Canada and China)"),
    N_("In 2018, two-way trade in goods and services totaled $678 billion"),
    N_("$678 billion (goods and services)"),
    N_("About 80 percent of Mexico's exports in 2018 went to the United States"),
    N_("about 80%"),
    N_("Mexico was the third-largest supplier of foreign crude oil to the United States"),
    N_("the largest export market for U.S. refined petroleum products and U.S. natural gas"),
    N_("1 (petroleum products and natural gas)"),
    N_("The border region represents a combined population of approximately 15 million"),
    N_("approximately 15 million"),
)
CLAIM_SOURCES = (
    N_("Border Crossing Entry Data"),
    N_("U.S. DOT Bureau of Transportation Statistics (data from CBP)"),
    N_("U.S.–Mexico land ports of entry and their crossings"),
    N_("Puente reference facts (CBP BWT, BTS, PAHO; see the source column)"),
    N_("U.S. trade in goods by country (country.xlsx)"),
    N_("U.S. Census Bureau, Foreign Trade Division"),
    N_("U.S. natural gas, crude oil and petroleum product exports by destination"),
    N_("U.S. Energy Information Administration"),
    N_("U.S.-Mexico headline facts with their sources"),
    N_("Puente (compiled from State Dept, USTR, Census, CRS, EIA pages)"),
)
