"""The precision pass: sentences in news style that use a type's trigger words
without asserting the act (EVENTS.md: background, general analysis, history,
rhetoric, fears, appeals), and sentences that do assert it, which the blockers
must leave alone. Every sentence here was written for this test (none is taken
from a report)."""

import pytest

from tests.vocab.test_triggers_widened import types_of

NOT_MENTIONS = [
    # defection: discussed in general, figurative, other senses of the words
    ("defection", "Defection is considered an act of treason in North Korea."),
    ("defection", "Defection is punishable by death under North Korean law."),
    ("defection", "Defections by elite diplomats remain rare."),
    ("defection", "Escaping North Korea has become much harder under Kim Jong Un."),
    ("defection", "Fleeing the country has become increasingly dangerous since the pandemic."),
    ("defection", "A growing share of those who flee are women."),
    ("defection", "Those who flee are often branded traitors."),
    ("defection", "Many who try to escape are caught by Chinese police."),
    ("defection", "Experts say defections could rise if the economy collapses."),
    ("defection", "Officials fear a wave of defections among overseas workers."),
    ("defection", "He wondered whether he should defect."),
    ("defection", "She never planned to defect."),
    ("defection", "The film tells the story of a family that escaped the famine."),
    ("defection", "Kim Yo Jong has disappeared from state media for two months."),
    ("defection", "The phones had a manufacturing defect, traders said."),
    ("defection", "The broker escaped arrest by bribing the police."),
    ("defection", "The escape routes through China have become far more dangerous, activists say."),
    ("defection", "The UN raised the enforced disappearance of the fisherman with Pyongyang."),
    # surveillance: the surveillance state in general, history, others watching
    ("surveillance", "North Korea is known for its pervasive surveillance of its own citizens."),
    ("surveillance", "North Korea is one of the most heavily surveilled societies in the world."),
    ("surveillance", "The country runs one of the world's most intrusive surveillance states."),
    ("surveillance", "Surveillance has long been a feature of daily life in North Korea."),
    ("surveillance", "The regime's surveillance apparatus dates back to the 1950s."),
    ("surveillance", "The report examines how surveillance shapes everyday life in the North."),
    ("surveillance", "Human rights groups have long criticized the North's surveillance of its people."),
    ("surveillance", "Critics have condemned the regime's surveillance of citizens."),
    ("surveillance", "The book describes the surveillance state built by Kim Il Sung."),
    ("surveillance", "Such surveillance makes it almost impossible to speak freely."),
    ("surveillance", "Such monitoring leaves residents afraid to speak."),
    ("surveillance", "The inminban system has historically served as a tool of surveillance."),
    ("surveillance", "Informants have long been a pillar of the system."),
    ("surveillance", "Residents fear they could be placed under surveillance."),
    ("surveillance", "Analysts said surveillance would likely intensify ahead of the party congress."),
    ("surveillance", "Seoul's intelligence service said it was monitoring the situation closely."),
    ("surveillance", "Seoul's spy agency is keeping a close eye on developments in Pyongyang."),
    ("surveillance", "Human Rights Watch said the Ministry of State Security should be held accountable."),
    ("surveillance", "Kim Jong Un watched the test-fire of a new missile, KCNA said."),
    ("surveillance", "Kim Jong Un supervised the launch of a new cruise missile."),
    ("surveillance", "An investigation by NK News found that the ministry had used Chinese software."),
    # directive: standing law, rule by decree, foreign governments and courts, habits
    ("directive", "North Korea's laws prohibit unauthorized travel abroad."),
    ("directive", "The constitution forbids citizens from criticizing the leader."),
    ("directive", "The North's laws forbid private ownership of land."),
    ("directive", "Under North Korean law, listening to foreign radio is prohibited."),
    ("directive", "Kim Jong Un rules by decree."),
    ("directive", "The regime is known for issuing sweeping directives with little warning."),
    ("directive", "Orders from Pyongyang are often ignored at the local level."),
    ("directive", "Directives from the center often go unenforced in the provinces."),
    ("directive", "Orders are usually handed down before major holidays."),
    ("directive", "Such orders are common before major political anniversaries."),
    ("directive", "Such bans are nothing new in North Korea."),
    ("directive", "The United States has urged North Korea to return to talks."),
    ("directive", "South Korea's unification ministry urged Pyongyang to respond to its offer of dialogue."),
    ("directive", "The UN Security Council urged Pyongyang to abandon its weapons programs."),
    ("directive", "Activists urged the international community to press Pyongyang on human rights."),
    ("directive", "A Seoul court ordered the North Korean government to pay compensation to the former POWs."),
    ("directive", "North Korea demanded that the United States end its joint drills with South Korea."),
    ("directive", "UN sanctions prohibit North Korea from exporting coal and textiles."),
    ("directive", "According to WHO guidelines, masks should be worn indoors."),
    # intimidation: feelings, fears, state rhetoric, intimidation in general
    ("intimidation", "Many defectors say they still feel threatened by agents of the regime."),
    ("intimidation", "Many defectors said they felt threatened even in Seoul."),
    ("intimidation", "He said he felt intimidated during the interview with South Korean intelligence."),
    ("intimidation", "Defectors feel pressured to stay silent about their past."),
    ("intimidation", "Defectors often fear that relatives at home will be harassed."),
    ("intimidation", "Relatives worry they might be targeted."),
    ("intimidation", "Defectors who speak out in the media risk having their families harassed."),
    ("intimidation", "The regime has threatened to turn Seoul into a sea of fire."),
    ("intimidation", "Kim threatened to turn the South into ashes."),
    ("intimidation", "Kim Yo Jong threatened Seoul with unspecified consequences."),
    ("intimidation", "North Korea threatened Washington with a 'merciless' response."),
    ("intimidation", "Intimidation is a common tactic of the regime."),
    ("intimidation", "Harassment remains a common tactic against defectors abroad."),
    ("intimidation", "Human rights groups say harassment of defectors' families is widespread."),
    ("intimidation", "The climate of intimidation makes it hard for sources to speak."),
    ("intimidation", "The culture of intimidation runs deep in the security services."),
    ("intimidation", "North Korea has a long history of intimidating its critics abroad."),
    ("intimidation", "The state security minister has come under pressure to show results."),
    ("intimidation", "Officials warned that the typhoon could damage crops."),
    # analysts' statistics, searches for the missing, accident probes, Seoul watching the North
    ("surveillance", "The unification ministry has been tracking defector numbers since 1998."),
    ("surveillance", "Police in Seoul are searching for the missing defector."),
    ("surveillance", "The ministry is investigating the cause of the fire at the factory."),
    ("surveillance", "South Korea's NIS said it had been monitoring North Korean hackers."),
    ("surveillance", "North Korean hackers stole $1.5 billion in crypto, investigators said."),
    # purchases, the order of things, foreign leaders and governments ordering
    ("directive", "Kim ordered a new batch of luxury cars from abroad."),
    ("directive", "The restaurant orders its beef from China."),
    ("directive", "The order of succession remains unclear."),
    ("directive", "South Korea's president ordered a review of the leaflet law."),
    ("directive", "Trump ordered new sanctions on North Korean shipping."),
    # defectors' and activists' own warnings
    ("intimidation", "The defector warned that the regime would never change."),
    ("intimidation", "Defectors warned that North Korean agents operate in Seoul."),
    ("intimidation", "Activists warned the public about the dangers of repatriation."),
    ("directive", "North Korean troops may have been acting under anti-coronavirus orders, South Korea's military said."),
    ("directive", "Kim could order a new crackdown on private markets, experts say."),
    ("surveillance", "He paired it with blue track pants and dark sunglasses, and officials smiled."),
    ("surveillance", "The ministry said, citing intelligence gathered by surveillance equipment, that the man was shot."),
    # other types: reputation and general prevalence
    ("sentencing", "North Korea is notorious for its brutal prison camps."),
    ("sentencing", "Public executions were common during the famine."),
    ("arrest", "Arbitrary arrests are common in North Korea, rights groups say."),
]

MENTIONS = [
    ("defection", "Two North Korean soldiers defected across the DMZ on Tuesday, the JCS said."),
    ("defection", "A family of five fled North Korea by boat last week."),
    ("defection", "A North Korean diplomat in Kuwait defected to South Korea in 2019."),
    ("defection", "Three residents of Hyesan crossed the Yalu River into China in early March."),
    ("defection", "A worker at a restaurant in Shenyang escaped and is now in a safe house."),
    ("defection", "The woman fled across the Tumen River in May, a source said."),
    ("defection", "A North Korean man swam across the border to the South, the military said."),
    ("defection", "Nine North Koreans sailed to South Korean waters and asked to defect."),
    ("defection", "Several workers dispatched to Russia have gone missing from their construction sites."),
    ("defection", "A fisherman defected to the South on Sunday after drifting across the NLL."),
    ("defection", "A North Korean man who fled to the South last week is being questioned by authorities."),
    ("defection", "A former diplomat defected with his family in 2023, the NIS confirmed."),
    ("surveillance", "The Ministry of State Security has stepped up surveillance of residents near the border."),
    ("surveillance", "Agents monitored the phone calls of traders in Hyesan."),
    ("surveillance", "Police searched homes in Sinuiju for South Korean dramas."),
    ("surveillance", "The inminban head was told to watch the family closely."),
    ("surveillance", "State security agents are monitoring the families of defectors."),
    ("surveillance", "Bowibu agents tapped the phones of traders in Sinuiju."),
    ("surveillance", "The authorities placed the returnees under surveillance."),
    ("surveillance", "Agents inspected mobile phones at the market for foreign content."),
    ("surveillance", "Group 109 inspectors raided homes looking for USB sticks."),
    ("surveillance", "Police have intensified monitoring of residents who call relatives in the South."),
    ("surveillance", "The ministry installed surveillance cameras at the market entrance."),
    ("directive", "The Central Committee issued an order banning private grain sales."),
    ("directive", "Authorities ordered residents to hand in their radios."),
    ("directive", "The Ministry of Social Security prohibited residents from crossing the river."),
    ("directive", "The party issued a directive to tighten control of the border."),
    ("directive", "The provincial committee instructed all units to report visitors."),
    ("directive", "Kim Jong Un ordered officials to crack down on anti-socialist behavior."),
    ("directive", "A decree was issued banning the wearing of jeans."),
    ("directive", "The party urged cadres to root out non-socialist behavior."),
    ("directive", "The Ministry of State Security banned residents from using Chinese phones."),
    ("directive", "Under the new decree, residents must register their phones."),
    ("directive", "The party issued a new law banning South Korean slang."),
    ("directive", "Residents were told they could be punished, and the party ordered them to hand in radios."),
    ("directive", "South Korea's military said North Korea ordered its border units to lay mines."),
    ("directive", "The NIS told lawmakers that Kim Jong Un ordered officials to build more camps."),
    ("surveillance", "Investigators from the Ministry of State Security questioned every trader at the market."),
    ("intimidation", "State security agents threatened the families of defectors in Hyesan."),
    ("intimidation", "Agents warned residents not to contact relatives abroad."),
    ("intimidation", "Police visited the homes of defectors' families and threatened them."),
    ("intimidation", "Bowibu officers harassed the mother of a defector living in Seoul."),
    ("intimidation", "Agents told her that her family would be sent to a prison camp if she kept speaking out."),
    ("intimidation", "The security agents intimidated traders at the market."),
    ("intimidation", "North Korean agents called the defector and threatened her relatives."),
    ("intimidation", "Residents were made to attend a public trial."),
    ("intimidation", "The authorities threatened to expel families who did not pay."),
    ("intimidation", "Agents threatened the defector's parents with banishment."),
    ("intimidation", "Police threatened to send traders to a labour camp if they kept selling."),
]

# Left to fire on purpose: the gold of the samples counts a defector described by when
# they fled ("an official who defected in 2014") and defection statistics as mentions,
# so no blocker may take them (the brief's "background" reading would lose gold).
KEPT = [
    ("defection", "A former security official who defected in 2014 said the calls were monitored."),
    ("defection", "More than 34,000 North Koreans have fled to South Korea since the late 1990s."),
    ("defection", "The number of defectors reaching South Korea fell to 19 in the first half."),
]


@pytest.mark.parametrize("etype,sentence", NOT_MENTIONS)
def test_no_mention(etype, sentence):
    assert etype not in types_of(sentence)


@pytest.mark.parametrize("etype,sentence", MENTIONS + KEPT)
def test_mention_kept(etype, sentence):
    assert etype in types_of(sentence)
