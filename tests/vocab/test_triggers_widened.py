"""The widened trigger vocabulary: for each group of patterns, a sentence it must
fire on and a near miss it must not. Every sentence here was written for this
test (none is taken from a report)."""

import ast
import re
import time
from pathlib import Path

import pytest

from countersight.pipeline.extract import _find_triggers
from countersight.pipeline.matchers import fold, vocabulary
from countersight.vocab import triggers


def types_of(sentence: str) -> set[str]:
    """The event types the rules find in one sentence (as ``_rule_sentence`` does, without measures)."""
    v = vocabulary()
    text = fold(sentence)
    if v.non_assertive.search(text):
        return set()
    groups = v.find_groups(text)
    has_actor = bool(
        v.find_agencies(text) or groups
        or (v.agent_anaphors and v.agent_anaphors.search(text)) or v.subject_anaphor.search(text)
    )
    return {t.type for t in _find_triggers(text, groups, has_actor)}


FIRES = [
    # directive
    ("directive", "The authorities imposed a curfew on residents of the border city."),
    ("directive", "New regulations require all households to register their radios."),
    ("directive", "A notice was sent down to every inminban in the city."),
    ("directive", "The provincial committee sent down a directive on private farming."),
    ("directive", "A proclamation was posted in every village."),
    ("directive", "포고문이 포치되었다."),
    # surveillance
    ("surveillance", "Returnees have been placed under 24-hour watch."),
    ("surveillance", "State security agents tapped the phones of traders in Sinuiju."),
    ("surveillance", "Officers traced the calls to a house in Hyesan."),
    ("surveillance", "The youth league cracked down on skinny jeans and dyed hair in Pyongyang."),
    ("surveillance", "Inspectors raided homes looking for USB sticks."),
    ("surveillance", "Police confiscated smuggled Chinese phones from the traders."),
    ("surveillance", "Workers bound for Russia undergo loyalty screenings before departure."),
    ("surveillance", "Travel permits are now required to visit Pyongyang."),
    ("surveillance", "Police checked the travel permits of everyone on the train."),
    ("surveillance", "Agents went through the photos on her phone."),
    ("surveillance", "The party set up neighbourhood watch units in every district."),
    ("surveillance", "The phones carry surveillance software that logs every file."),
    ("surveillance", "Returnees were placed under the supervision of the local police."),
    ("surveillance", "State security is looking into residents who called relatives abroad."),
    ("surveillance", "Agents collected handwriting samples from every household."),
    ("surveillance", "Officers tracked down the people who scattered the leaflets."),
    # arrest
    ("arrest", "Two women were dragged away by Bowibu agents."),
    ("arrest", "The agents dragged him away."),
    ("arrest", "He was held incommunicado for months."),
    ("arrest", "The suspects were taken into police custody."),
    ("arrest", "Three students were caught watching South Korean dramas."),
    ("arrest", "Dozens of traders were swept up in the crackdown."),
    ("arrest", "She was transferred to a detention centre in Onsong."),
    ("arrest", "He was summoned for questioning by state security."),
    ("arrest", "North Korean agents abducted a pastor in Changbai."),
    ("arrest", "그는 집결소로 끌려갔다."),
    # interrogation
    ("interrogation", "The MSS is investigating the suspects."),
    ("interrogation", "He was subjected to questioning for three weeks."),
    ("interrogation", "Agents extracted a confession from him."),
    ("interrogation", "She confessed under torture."),
    ("interrogation", "심문을 받았다."),
    # sentencing
    ("sentencing", "He was convicted of espionage."),
    ("sentencing", "The authorities held a public trial in the city stadium."),
    ("sentencing", "Two men were publicly hanged in Hamhung."),
    ("sentencing", "He served five years in a labour camp."),
    ("sentencing", "She was sent to Yodok."),
    ("sentencing", "He was sent to a kwanliso."),
    ("sentencing", "The official was stripped of his party membership."),
    ("sentencing", "The officials were severely punished."),
    ("sentencing", "He was exiled to a remote mountain village."),
    ("sentencing", "He received a life sentence."),
    ("sentencing", "He was thrown into a labour camp."),
    ("sentencing", "The vendor was slapped with a heavy fine."),
    ("sentencing", "노동교양대에 보내졌다."),
    # repatriation
    ("repatriation", "Chinese police handed the women over to North Korean security agents."),
    ("repatriation", "The men were trucked back across the border at Tumen."),
    ("repatriation", "Pyongyang ordered its workers in Kuwait to return home."),
    ("repatriation", "North Korea withdrew its diplomats from the embassy in Madrid."),
    ("repatriation", "The nine defectors were refouled by Laos."),
    ("repatriation", "Rights groups documented the forcible return of 60 women."),
    ("repatriation", "China returned about 500 North Koreans in October."),
    ("repatriation", "강제로 북송되었다."),
    # intimidation
    ("intimidation", "Agents warned the families not to contact their relatives in the South."),
    ("intimidation", "Villagers were forced to watch the execution."),
    ("intimidation", "The party held a public criticism session for the farmers."),
    ("intimidation", "Agents put pressure on defectors' families to lure them back."),
    ("intimidation", "Agents warned them not to talk to reporters."),
    ("intimidation", "Security agents hounded the woman's relatives."),
    ("intimidation", "She received death threats after the interview."),
    # collective punishment
    ("collective_punishment", "Under the family punishment system, relatives of defectors lose their jobs."),
    ("collective_punishment", "His parents were exiled to the countryside."),
    ("collective_punishment", "He lost his job at the mine because of his uncle's defection."),
    ("collective_punishment", "They were branded the family of a traitor."),
    ("collective_punishment", "The couple were punished for the defection of their son."),
    # informant recruitment
    ("informant_recruitment", "The MSS coerced the woman into becoming an informant."),
    ("informant_recruitment", "Police offered cash rewards for tips on smugglers."),
    ("informant_recruitment", "Residents are encouraged to report neighbours who watch foreign films."),
    ("informant_recruitment", "Students snitched on their classmates."),
    ("informant_recruitment", "Inminban heads were told to keep an eye on their neighbours."),
    ("informant_recruitment", "Secret reporting boxes were installed in every factory."),
    ("informant_recruitment", "보위부는 프락치를 심었다."),
    # extortion
    ("extortion", "Guards demanded cigarettes and cash from the traders."),
    ("extortion", "The smugglers bribed the guards."),
    ("extortion", "Traders say the payoffs to inspectors keep rising."),
    ("extortion", "Officials squeezed money out of the vendors."),
    ("extortion", "Students were forced to donate rice to the army."),
    ("extortion", "Agents seized the traders' life savings."),
    ("extortion", "Officials demand under-the-table payments from traders."),
    ("extortion", "간부들이 돈을 갈취했다."),
    # border control
    ("border_control", "Soldiers installed CCTV cameras along the Tumen River."),
    ("border_control", "Guards opened fire on people approaching the border."),
    ("border_control", "The regime has sealed its northern borders."),
    ("border_control", "Crossing the river is strictly banned."),
    ("border_control", "The authorities replaced border guards in Musan."),
    ("border_control", "An anti-smuggling campaign began in Hyesan last month."),
    ("border_control", "Soldiers patrol along the Tumen River every night."),
    ("border_control", "Residents were told that closed zones along the river are guarded."),
    # defection
    ("defection", "Three soldiers waded across the Tumen River into China."),
    ("defection", "A North Korean diplomat sought asylum in Italy."),
    ("defection", "The worker absconded from a construction site in Vladivostok."),
    ("defection", "Two fishermen sailed a wooden boat to South Korea."),
    ("defection", "The family reached Thailand after a month."),
]

NEAR_MISSES = [
    ("directive", "The regulations were discussed at a seminar in Seoul."),
    ("directive", "He sent a notice of resignation to the board."),
    ("directive", "The proclamation of the republic is celebrated every year."),
    ("directive", "The UN resolutions ban North Korea from ballistic missile tests."),
    ("surveillance", "She tapped her foot impatiently."),
    ("surveillance", "The company traced its roots to 1950."),
    ("surveillance", "Facebook cracked down on misinformation."),
    ("surveillance", "Volunteers searched homes for survivors after the flood."),
    ("surveillance", "Patients undergo health screenings before departure."),
    ("surveillance", "Kim Jong Un inspected a fertilizer factory in Hungnam."),
    ("surveillance", "US surveillance aircraft flew over the peninsula."),
    ("surveillance", "South Korea intercepted two ballistic missiles."),
    ("surveillance", "Yonhap monitored KCNA broadcasts on Sunday."),
    ("surveillance", "The project faces regulatory scrutiny in Seoul."),
    ("surveillance", "The dam was completed under the supervision of the party."),
    ("arrest", "The meeting dragged on for hours."),
    ("arrest", "The manager dragged me off the pitch."),
    ("surveillance", "He checked his text messages before boarding."),
    ("surveillance", "She tapped her phone to answer."),
    ("surveillance", "The committee is looking into the budget."),
    ("collective_punishment", "He was punished for the defection attempt."),
    ("sentencing", "He threw the ball into the net."),
    ("sentencing", "Bribes, not the law, decided who was punished."),
    ("collective_punishment", "The DPRK must end the practice of punishing people for the actions of their relatives."),
    ("intimidation", "Friends warned him not to drive."),
    ("defection", "The couple were seen arriving in the South of France."),
    ("arrest", "He took the children into the garden."),
    ("arrest", "Those caught watching South Korean dramas face labour camp."),
    ("arrest", "She works at a detention centre."),
    ("arrest", "The minister was summoned to parliament."),
    ("arrest", "The abduction issue with Japan remains unresolved."),
    ("arrest", "The boys were led onto the pitch in handcuffs."),
    ("interrogation", "The police are investigating the fire."),
    ("interrogation", "He was subjected to criticism from fans."),
    ("interrogation", "He confessed his love."),
    ("interrogation", "They grilled chicken and squid on the beach."),
    ("sentencing", "She spoke with conviction."),
    ("sentencing", "He hanged himself in his cell."),
    ("sentencing", "He faces up to seven years in jail if convicted."),
    ("sentencing", "Violators will be severely punished."),
    ("sentencing", "The exiled king returned."),
    ("sentencing", "The trader executed a large order."),
    ("repatriation", "He handed the keys over to the landlord."),
    ("repatriation", "China returned the ball to the server."),
    ("sentencing", "He slapped the table with his hand."),
    ("repatriation", "The trucks went back across the bridge."),
    ("repatriation", "The charity pulled out its foreign staff in 2020."),
    ("intimidation", "North Korea warned the United States of a strong response."),
    ("intimidation", "North Korea threatened retaliation against the US."),
    ("intimidation", "The US stepped up pressure on North Korea."),
    ("collective_punishment", "The exiled parents of the king returned to Spain."),
    ("collective_punishment", "He missed school because of his uncle's illness."),
    ("collective_punishment", "Ministers are bound by collective responsibility."),
    ("informant_recruitment", "The building was turned into a museum."),
    ("informant_recruitment", "The museum offered free tickets for students."),
    ("extortion", "Employees were required to donate blood."),
    ("extortion", "Customs seized a tanker carrying oil."),
    ("extortion", "Thieves stole her valuables."),
    ("border_control", "The city installed CCTV cameras along the main road."),
    ("border_control", "The commentary was a no-go zone for him."),
    ("border_control", "The army deployed more troops to the US border."),
    ("defection", "Tourists waded across the stream."),
    ("defection", "The ferry sailed to Japan."),
    ("defection", "The talks reached an agreement."),
    ("defection", "He narrowly escaped injury in the blast."),
    ("defection", "Residents fled the flooding."),
]


@pytest.mark.parametrize("etype, sentence", FIRES)
def test_widened_trigger_fires(etype, sentence):
    assert etype in types_of(sentence)


@pytest.mark.parametrize("etype, sentence", NEAR_MISSES)
def test_widened_trigger_near_miss(etype, sentence):
    assert etype not in types_of(sentence)


def test_trigger_tables_have_no_repeated_type():
    """A repeated key in a dict literal silently drops the first entry."""
    tree = ast.parse(Path(triggers.__file__).read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.AnnAssign) and isinstance(node.value, ast.Dict):
            keys = [k.value for k in node.value.keys]
            assert len(keys) == len(set(keys)), node.target.id


def test_every_pattern_compiles_alone():
    for table in (triggers.STRONG, triggers.WEAK, triggers.BLOCKERS):
        for etype, patterns in table.items():
            for p in patterns:
                re.compile(p, re.IGNORECASE)


@pytest.mark.parametrize(
    "hostile",
    [
        "word " * 600,
        "the " * 300 + "border " * 300,
        "crossed " + "the river and " * 200,
        "relatives " + "were sent " * 300,
        "demanded " + "money and cash " * 200,
    ],
)
def test_hostile_sentences_stay_fast(hostile):
    start = time.perf_counter()
    types_of(hostile[:3000])
    assert time.perf_counter() - start < 0.5
