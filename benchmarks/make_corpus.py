"""A generated corpus of domain reports (JSONL) for the scale benchmark and tests.

Run by hand: ``.venv/bin/python benchmarks/make_corpus.py N OUT.jsonl [--seed S]``.

Each report is composed from the project's vocabulary: an agency (its usual
spellings), North Korean places from the gazetteer with their provinces, event
triggers (arrests, searches, surveillance, sentencing, directives, defections),
quantities (teams of N agents, inspections a day, N-ply watch), penalties and an
inside source, in the shape Daily NK / RFA / ASIAPRESS reports have: a headline
line, a dateline paragraph with the source, 3-8 paragraphs of acts and context,
quotes, a byline. About 8 % are off-topic (no North Korea context), about 2 %
are lightly edited republications of an earlier report (near-duplicates) and
about 0.5 % exact repeats (already stored on ingest). Deterministic for a seed;
written line by line (flat memory for any N).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
from collections.abc import Iterator
from pathlib import Path

from countersight.vocab.gazetteer import load_places, provinces

AGENCIES = (
    ("the Ministry of State Security", "state security agents"),
    ("the State Security Department", "Bowibu agents"),
    ("the Ministry of Social Security", "police officers"),
    ("the provincial state security bureau", "security officers"),
    ("the local Workers' Party committee", "party officials"),
    ("the border guard command", "border guards"),
    ("the Central Prosecutors' Office", "prosecutors"),
    ("the neighborhood watch unit (inminban)", "inminban heads"),
)
TARGETS = (
    "residents who use Chinese mobile phones",
    "families of defectors",
    "brokers",
    "smugglers",
    "traders at the market",
    "returnees repatriated from China",
    "workers dispatched overseas",
    "border residents",
    "people who fled to South Korea",
    "young people caught with South Korean dramas",
)
ACTS = (
    "{agents} arrested {n} {target} in {place} last week.",
    "{agency} detained {n} {target} in {place}, the source said.",
    "{agents} have been searching the homes of {target} in {place} every night.",
    "{agency} has placed {target} in {place} under close surveillance.",
    "{agents} raided houses in {place} and confiscated phones belonging to {target}.",
    "A court in {place} sentenced {n} {target} to {years} years in a labor camp at a public trial.",
    "{n} {target} from {place} were sent to a labor training brigade for {months} months.",
    "{agency} ordered every household in {place} to report contacts with {target}.",
    "{agents} interrogated {target} in {place} about money sent from abroad.",
    "{n} residents of {place} defected to China across the Tumen River, prompting a crackdown on {target}.",
    "{agents} publicly executed a man in {place} accused of helping {target}.",
    "{agency} issued a directive telling {target} in {place} that they must register their phones.",
)
MEASURES = (
    "Teams of {n} agents have been assigned to each family of a defector.",
    "Inspections of {target} now take place {freq} a day instead of once a week.",
    "The watch over {target} was raised from {p} watchers to {n} per person.",
    "Each suspect is now watched under a {n}-ply surveillance system.",
    "The number of agents assigned to each household rose from {p} to {n}.",
)
CONTEXT = (
    "Residents of {place} say the crackdown is the harshest they have seen in years.",
    "Many traders at the {place} market have closed their stalls for fear of being questioned.",
    "\"Everyone is afraid now. Nobody dares to make a call,\" the source said.",
    "According to the source, the campaign is part of a nationwide drive against \"anti-socialist behavior\".",
    "Prices of rice and corn in {place} have risen sharply since the border was sealed.",
    "The authorities have also tightened controls on travel between {place} and neighboring counties.",
    "Some families have paid large bribes to secure the release of their relatives, the source added.",
    "Daily NK could not independently verify the report.",
    "North Korean authorities have not commented on the arrests.",
    "The campaign follows orders from Kim Jong Un to root out \"impure elements\" near the border with China.",
)
OFF_TOPIC = (
    "The city council of {city} approved a new budget for road repairs on Tuesday.",
    "Local farmers expect a good harvest after a wet spring, officials said.",
    "The football club announced the signing of a new striker from {city}.",
    "Shares in technology companies rose for a third day as investors weighed interest rates.",
    "A new exhibition of modern art opened at the museum, drawing large crowds.",
    "Heavy rain caused flooding in low-lying areas of {city}, and several roads were closed.",
)
FOREIGN_CITIES = ("Lisbon", "Nairobi", "Winnipeg", "Adelaide", "Lyon", "Osaka", "Valparaiso")
OUTLETS = ("Daily NK", "RFA", "ASIAPRESS", "NK News")
NUMBERS = ("two", "three", "four", "five", "six", "seven", "eight", "ten", "12", "15", "20")
FREQS = ("twice", "three times", "four times")


def _places() -> list[tuple[str, str]]:
    names = {code: p.name for code, p in provinces().items()}
    return [
        (p.name, names[p.admin1])
        for p in load_places()
        if p.country == "KP" and p.kind in ("city", "county") and p.admin1 in names
    ]


def reports(n: int, seed: int = 7) -> Iterator[dict]:
    """``n`` report dicts (JSONL shape), deterministic for ``seed``."""
    rng = random.Random(seed)
    places = _places()
    earlier: list[dict] = []  # a small pool to republish from
    start = dt.date(2015, 1, 1)
    for i in range(1, n + 1):
        published = (start + dt.timedelta(days=rng.randrange(3650))).isoformat()
        roll = rng.random()
        if roll < 0.005 and earlier:
            copy = dict(rng.choice(earlier))
            copy["id"] = f"gen-{i:06d}"
            yield copy
            continue
        if roll < 0.025 and earlier:
            base = rng.choice(earlier)
            text = base["text"].replace(" the source said", " a source said", 1)
            text = f"{rng.choice(OUTLETS)} staff\n\n{text}\n\nThis story was first published on {base['published']}."
            yield {"id": f"gen-{i:06d}", "title": "Republished: " + (base["title"] or ""), "url": None,
                   "outlet": rng.choice(OUTLETS), "published": published, "text": text}
            continue
        if roll < 0.105:
            city = rng.choice(FOREIGN_CITIES)
            paras = [" ".join(rng.choice(OFF_TOPIC).format(city=city) for _ in range(rng.randint(2, 5)))
                     for _ in range(rng.randint(2, 6))]
            yield {"id": f"gen-{i:06d}", "title": f"News from {city}", "url": None, "outlet": "Local Herald",
                   "published": published, "text": "\n\n".join(paras)}
            continue
        report = _domain_report(rng, i, published, places)
        if len(earlier) < 200:
            earlier.append(report)
        elif rng.random() < 0.01:
            earlier[rng.randrange(200)] = report
        yield report


def _domain_report(rng: random.Random, i: int, published: str, places: list[tuple[str, str]]) -> dict:
    place, province = rng.choice(places)
    agency, agents = rng.choice(AGENCIES)
    outlet = rng.choice(OUTLETS)
    target = rng.choice(TARGETS)

    def fill(template: str) -> str:
        other, _ = rng.choice(places) if rng.random() < 0.3 else (place, province)
        text = template.format(
            agency=agency, agents=agents, target=rng.choice(TARGETS) if rng.random() < 0.3 else target,
            place=other, n=rng.choice(NUMBERS), p=rng.choice(NUMBERS[:4]), years=rng.randint(2, 15),
            months=rng.randint(3, 12), freq=rng.choice(FREQS),
        )
        return text[0].upper() + text[1:]

    headline = f"{rng.choice(('North Korea', 'N. Korea', 'Pyongyang'))} steps up crackdown on {target} in {place}"
    lead = (f"{fill(rng.choice(ACTS))[:-1].removesuffix(', the source said')} in North Korea, "
            f"a source in {province} Province told {outlet}"
            f"{rng.choice(('', ' on Monday', ' on Friday', ' earlier this month'))}.")
    paras = [headline, lead]
    for _ in range(rng.randint(3, 8)):
        k = rng.random()
        pool = ACTS if k < 0.45 else MEASURES if k < 0.6 else CONTEXT
        sentences = [fill(rng.choice(pool)) for _ in range(rng.randint(1, 3))]
        paras.append(" ".join(sentences))
    paras.append(f"Reporting by {rng.choice(('Kim', 'Lee', 'Park', 'Choi', 'Jang'))} {rng.choice(('Min-ji', 'Ji-sun', 'Sung-ho', 'Eun-ju'))}.")
    return {"id": f"gen-{i:06d}", "title": headline, "url": f"https://example.org/{outlet.replace(' ', '').lower()}/{i}",
            "outlet": outlet, "published": published, "text": "\n\n".join(paras)}


def write(n: int, out: Path, seed: int = 7) -> Path:
    with open(out, "w", encoding="utf-8") as handle:
        for report in reports(n, seed):
            handle.write(json.dumps(report, ensure_ascii=False) + "\n")
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    write(args.n, args.out, args.seed)
    print(f"{args.n} reports written to {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
