"""Target groups (EVENTS.md "Target groups") and the phrases that name them.

A phrase may name more than one group ("overseas personnel" are diplomats and
workers alike). Phrases match case-insensitively on word boundaries; longer
phrases win over the shorter ones inside them ("families of defectors" is
``defector_families``, not ``defectors``).
"""

from __future__ import annotations

GROUP_IDS: tuple[str, ...] = (
    "defectors",
    "defector_families",
    "brokers",
    "overseas_workers",
    "diplomats",
    "returnees",
    "phone_users",
    "border_residents",
    "residents",
    "officials",
    "smugglers",
    "traders",
)

_FAMILY = r"(?:famil(?:y|ies)(?: members?)?|relatives|parents|siblings|children|wives|wife|husbands?|mothers?|fathers?|sons?|daughters?|brothers?|sisters?|kin)"
_DEFECTOR = r"(?:defectors?|traitors?|escapees|fugitives|people who (?:fled|defected|escaped))"

# (regular expression, groups). Regular expressions here are phrases with small
# inflection alternatives; they are compiled case-insensitively.
GROUP_PATTERNS: tuple[tuple[str, tuple[str, ...]], ...] = (
    # defectors' families: must come before the defector phrases they contain
    (rf"{_FAMILY} of (?:(?:the|a|an|these|those|North Korean|known|high-profile|prominent|such|so-called)\s+)*(?:\w+\s+)?['\"]?{_DEFECTOR}", ("defector_families",)),
    (rf"{_DEFECTOR}(?:'s|’s|'|’)? {_FAMILY}", ("defector_families",)),
    (r"defector famil(?:y|ies)", ("defector_families",)),
    (r"families left behind|family members left behind|relatives left behind", ("defector_families",)),
    (r"families of those who (?:fled|defected|escaped)", ("defector_families",)),
    (r"탈북자 가족", ("defector_families",)),
    # returnees: before defectors ("repatriated defectors")
    (r"returnees?(?: to the North)?", ("returnees",)),
    (r"repatriated (?:defectors|North Koreans|people|women|men|escapees)", ("returnees",)),
    (r"(?:people|those|women|men|North Koreans) (?:who were |who had been |who have been )?(?:forcibly )?(?:repatriated|returned|sent back)(?: from China)?", ("returnees",)),
    (r"deportees", ("returnees",)),
    (r"북송자", ("returnees",)),
    # defectors
    (_DEFECTOR, ("defectors",)),
    (r"North Korean (?:women|men|refugees|escapees|nationals) (?:\w+ ){0,3}(?:in|from|hiding in|living in|working in) (?:China|Russia|Laos|Vietnam|Thailand)|North Koreans (?:hiding|living illegally) in|North Korean refugees|North Koreans (?:held|detained|arrested|caught|hiding) (?:\w+ ){0,4}in (?:China|Chinese|detention)", ("defectors",)),
    (r"illegal border[- ]crossers?|border[- ]crossers?", ("defectors",)),
    (r"people (?:who (?:tried|attempted) to (?:flee|defect|escape|cross)|(?:illegally )?crossing the border(?: illegally)?)", ("defectors",)),
    (r"would-be defectors|runaways", ("defectors",)),
    (r"탈북자|탈북민", ("defectors",)),
    # brokers
    (r"brokers?|smuggling brokers?|people smugglers?|human traffickers?|traffickers?", ("brokers",)),
    (r"브로커", ("brokers",)),
    # overseas personnel
    (r"overseas personnel|personnel (?:posted |deployed |stationed |living )?(?:abroad|overseas)|overseas North Koreans|North Koreans (?:living |working |posted )?(?:abroad|overseas)|(?:people|everyone|each and every person|person) deployed overseas", ("diplomats", "overseas_workers")),
    (r"overseas (?:workers?|laborers?|labourers?)|(?:workers?|laborers?|labourers?) (?:living |posted |dispatched |sent |deployed )?(?:abroad|overseas|in (?:China|Russia))|dispatched workers|North Korean (?:workers|laborers|labourers)|construction workers (?:in|abroad)|loggers", ("overseas_workers",)),
    (r"overseas officials and workers|officials and workers (?:abroad|overseas)", ("diplomats", "overseas_workers")),
    (r"diplomat(?:s|ic personnel|ic staff|ic corps)?|overseas officials|embassy (?:staff|personnel|employees)|consulate (?:staff|personnel|employees)|trade representatives", ("diplomats",)),
    # phone users, also named by what they did
    (r"(?:making|made|make|makes) (?:[\w-]+ ){0,3}(?:phone )?calls? (?:to|with|from) (?:China|South Korea|the South|relatives|family|brokers?|Chinese)|(?:illegal|unauthori[sz]ed|international|cross-border) (?:phone )?calls|calling (?:a |their |his |her )?(?:brokers?|relatives|famil(?:y|ies)|daughters?|sons?) in (?:China|South Korea|the South|Seoul)|(?:using|used|with|owning|owned) (?:[\w-]+ ){0,2}(?:smuggled|Chinese|illegal|foreign|unregistered)(?:-made)? (?:cell ?phones|mobile phones|phones|SIM cards)", ("phone_users",)),
    (r"(?:Chinese(?:-made)?|smuggled|illegal|foreign) (?:cell ?phones?|cellphones?|mobile phones?|phones?) users?|users of (?:Chinese(?:-made)?|smuggled|illegal|foreign) (?:cell ?phones?|cellphones?|mobile phones?|phones?)|people (?:using|with) (?:Chinese(?:-made)?|smuggled|illegal) (?:cell ?phones?|cellphones?|mobile phones?|phones?)|(?:cell ?phone|cellphone|mobile phone) users", ("phone_users",)),
    # border residents
    (r"border residents|residents (?:of|in|along|near) (?:the )?(?:border|frontier)(?: areas?| regions?| cities| counties)?|(?:people|locals|residents) living (?:along|near|in) the border(?: areas?)?|border-area residents|residents along the Sino-North Korean border|people in border (?:areas|regions|towns)", ("border_residents",)),
    # residents
    (r"residents|citizens|locals|the public|ordinary people|the people|the population|North Koreans|civilians|villagers|townspeople|neighbou?rs|people in the area", ("residents",)),
    # officials (as victims: "officials were purged"; "ordered officials to" is dropped by the extractor)
    (r"cadres|party cadres|senior officials|government officials|trade officials|officials and cadres|party members|executives|officials|managers|(?:the )?head of (?:the |a )?(?:city |county |provincial |local )?(?:[\w-]+ ){0,3}(?:office|department|committee|cooperative|enterprise|bureau)", ("officials",)),
    # smugglers and traders
    (r"smugglers?|smuggling rings?|people (?:caught )?smuggling", ("smugglers",)),
    (r"traders?|merchants?|market vendors?|vendors|donju|money lenders|money changers", ("traders",)),
    # other groups that reports name often enough to keep distinct
    (r"students|university students|pupils", ("other:students",)),
    (r"soldiers?|privates?|conscripts|squad leaders?|servicem[ae]n|recruits", ("other:soldiers",)),
    (r"(?:factory|warehouse|farm|mine|mining|construction|munitions factory|office|railway|port) workers?|laborers|labourers|engineers?|drivers?", ("other:workers",)),
    (r"fishermen|fishers|sailors|crew members?|seamen|boat crews?", ("other:seafarers",)),
    (r"teachers?|doctors?|nurses?", ("other:professionals",)),
    (r"Christians|believers|religious believers|missionaries", ("other:religious_believers",)),
)

# The catch-all group: dropped when a sentence also names a specific group
# ("control over residents who defect, and brokers" is about defectors and brokers).
GENERIC_GROUP = "residents"

# Relatives punished for a family member who is not a defector (EVENTS.md conventions).
OTHER_RELATIVES = "other:relatives"

# Default targets of an event type when the sentence and its context name none.
DEFAULT_TARGETS: dict[str, tuple[str, ...]] = {
    "defection": ("defectors",),
    "border_control": ("residents",),
}
