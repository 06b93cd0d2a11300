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

_FAMILY = r"(?:famil(?:y|ies)(?: members?)?|relatives|parents|siblings|children|wives|wife|husbands?|mothers?|fathers?|sons?|daughters?|brothers?|sisters?|kin|kinfolk|households?|spouses?|in-laws|grandparents|cousins)"
_DEFECTOR = r"(?:defectors?|traitors?|escapees?|fugitives|runaways|(?:people|those|North Koreans|residents|individuals|anyone) who (?:had |have )?(?:fled|defected|escaped)|talbukja|talbukmin|saeteomin)"

# (regular expression, groups). Regular expressions here are phrases with small
# inflection alternatives; they are compiled case-insensitively.
GROUP_PATTERNS: tuple[tuple[str, tuple[str, ...]], ...] = (
    # defectors' families: must come before the defector phrases they contain
    (rf"{_FAMILY} of (?:(?:the|a|an|these|those|North Korean|known|high-profile|prominent|such|so-called)\s+)*(?:\w+\s+)?['\"]?{_DEFECTOR}", ("defector_families",)),
    (rf"{_DEFECTOR}(?:'s|’s|'|’)? {_FAMILY}", ("defector_families",)),
    (r"defector famil(?:y|ies)", ("defector_families",)),
    (r"families left behind|family members left behind|relatives left behind", ("defector_families",)),
    (r"families of those who (?:fled|defected|escaped)", ("defector_families",)),
    (rf"{_FAMILY} of (?:those|people|residents|individuals|anyone|North Koreans|someone|a person|persons) who (?:had |have )?(?:fled|defected|escaped|went missing|left for South Korea|went to South Korea|settled in South Korea|crossed the border)"
     r"|(?:famil(?:y|ies)|households?|people|residents|those) (?:with|who have|who had) (?:a |any )?(?:relatives?|family members?|members?|famil(?:y|ies)|sons?|daughters?|children|siblings?) (?:who (?:fled|defected|escaped)|(?:living |settled )?in (?:South Korea|the South|Seoul))"
     r"|families of (?:the )?(?:missing|those who went missing)|defector-linked (?:famil(?:y|ies)|households?)|defector-family", ("defector_families",)),
    (r"탈북자 가족", ("defector_families",)),
    # returnees: before defectors ("repatriated defectors")
    (r"returnees?(?: to the North)?", ("returnees",)),
    (r"repatriated (?:defectors?|North Koreans?|people|women|woman|men|man|escapees|refugees|border[- ]crossers|workers)|(?:forcibly|forcefully) (?:repatriated|returned|deported) (?:defectors|North Koreans|people|women|men|escapees|refugees)"
     r"|(?:defectors|refugees|escapees|those|people|women|men|North Koreans) (?:who were |who had been |who have been )?(?:forcibly |forcefully )?(?:repatriated|deported|handed over|handed back)(?: (?:from|by) (?:China|Russia|Chinese authorities))?|forced returnees|repatriates|(?:the )?deportee|returned defectors|returned escapees"
     r"|deportees", ("returnees",)),
    # "returned" and "sent back" name returnees after "those" ("Those returned face ..."), after "forcibly",
    # or with where from or to: "women who were returned to work" are not returnees
    (r"(?:people|those|women|men|North Koreans) (?:who were |who had been |who have been )?(?:forcibly )?(?:repatriated(?: from China)?|(?:returned|sent back) (?:from China|to (?:North Korea|the North)))"
     r"|those (?:who were |who had been |who have been )?(?:returned|sent back)(?! to work)|(?:people|women|men|North Koreans) (?:who were |who had been |who have been )?forcibly (?:returned|sent back)", ("returnees",)),
    (r"북송자", ("returnees",)),
    # defectors
    (_DEFECTOR, ("defectors",)),
    (r"trafficked (?:North Korean )?(?:women|girls|brides)|(?:North Korean )?trafficking victims|victims of (?:human )?trafficking", ("defectors",)),
    (r"North Korean (?:women|men|refugees|escapees|nationals) (?:\w+ ){0,3}(?:in|from|hiding in|living in|working in) (?:China|Russia|Laos|Vietnam|Thailand)|North Koreans (?:hiding|living illegally) in|North Korean refugees|North Koreans (?:held|detained|arrested|caught|hiding) (?:\w+ ){0,4}in (?:China|Chinese|detention)", ("defectors",)),
    (r"illegal border[- ]crossers?|border[- ]crossers?", ("defectors",)),
    (r"people (?:who (?:tried|attempted) to (?:flee|defect|escape|cross)|(?:illegally )?crossing the border(?: illegally)?)", ("defectors",)),
    (r"would-be (?:defectors?|escapees|border[- ]crossers)"
     r"|(?:people|those|anyone|North Koreans|residents|women|men|individuals|citizens|soldiers|families) (?:who (?:had |have )?(?:tried|attempted|try|attempt|planned|plan) to|(?:caught|arrested|detained) (?:while )?(?:trying|attempting) to|(?:trying|attempting|planning) to) (?:flee|defect|escape|cross the border|cross into China|leave the country|go to South Korea)"
     r"|(?:North Korean )?refugees|North Korean (?:escapees|asylum seekers|migrants)|asylum seekers|(?:people|those|North Koreans|women|men) who (?:had )?crossed (?:the border|into China|the Tumen|the Yalu)|illegal crossers|river crossers|absconders", ("defectors",)),
    (r"탈북자|탈북민|북한이탈주민|새터민", ("defectors",)),
    # brokers
    (r"brokers?|smuggling brokers?|people smugglers?|human traffickers?|traffickers?", ("brokers",)),
    (r"브로커", ("brokers",)),
    # overseas personnel
    (r"overseas personnel|personnel (?:posted |deployed |stationed |living )?(?:abroad|overseas)|overseas North Koreans|North Koreans (?:living |working |posted )?(?:abroad|overseas)|(?:people|everyone|each and every person|person) deployed overseas", ("diplomats", "overseas_workers")),
    (r"(?:workers?|laborers?|labourers?|employees|staff) (?:who (?:were|had been) )?(?:dispatched|sent|posted|deployed|stationed) (?:to|in) (?:China|Russia|Siberia|the Russian Far East|the Middle East|Africa|Kuwait|Qatar|the UAE|Mongolia|Poland|Malta|Vietnam|Laos|Cambodia|Malaysia|Nepal|Vladivostok|Dandong|Shenyang)"
     r"|(?:dispatched|overseas|expatriate|migrant|guest) (?:laborers|labourers|workforce)|North Korean (?:IT|restaurant|construction|seafood|garment|textile|logging|timber|medical) (?:workers|employees|staff|laborers|labourers)|(?:North Korean )?IT workers"
     r"|(?:North Korean )?restaurant (?:workers|employees|staff|waitresses|hostesses)|waitresses (?:at|from|of|working (?:at|in)) (?:a |the )?(?:North Korean )?restaurants?|North Korean waitresses|workers (?:at|in) (?:Chinese|Russian) (?:factories|factory|companies|company|construction sites?|seafood plants?)|foreign[- ]currency earners"
     r"|overseas (?:workers?|laborers?|labourers?)|(?:workers?|laborers?|labourers?) (?:living |posted |dispatched |sent |deployed )?(?:abroad|overseas|in (?:China|Russia))|dispatched workers|North Korean (?:workers|laborers|labourers)|construction workers (?:in|abroad)|loggers", ("overseas_workers",)),
    (r"overseas officials and workers|officials and workers (?:abroad|overseas)", ("diplomats", "overseas_workers")),
    (r"ambassadors|consuls?|consular (?:staff|officials|officers|personnel)|embassy (?:staffers|workers|staff members)|consulate (?:staffers|workers)|(?:trade|commercial) (?:attach[eé]s?|counsell?ors?)|attach[eé]s|envoys (?:abroad|overseas|posted)|diplomats' famil(?:y|ies)|families of diplomats|diplomatic families"
     r"|diplomat(?:s|ic personnel|ic staff|ic corps)?|overseas officials|embassy (?:staff|personnel|employees)|consulate (?:staff|personnel|employees)|trade representatives", ("diplomats",)),
    # phone users, also named by what they did
    (r"(?:placing|placed|place|making|made|make) (?:[\w-]+ ){0,3}(?:phone )?calls? (?:to|with) (?:defectors|Seoul|abroad|overseas|people (?:in|abroad|overseas)|outside the country|the outside world)|calls? (?:to|with) (?:South Korea|the South|Seoul) (?:on|using|with|via) (?:[\w-]+ ){0,2}(?:phones?|cell ?phones?|mobile phones?)|(?:phoning|phoned|calling|called) (?:South Korea|the South|Seoul|China|relatives|family|defectors)|(?:phone )?calls (?:abroad|overseas|outside the country)"
     r"|(?:people|those|residents|anyone|individuals) (?:who (?:use|used|own|owned|have|had|were using)|(?:caught|found|arrested) (?:using|with|possessing|carrying)|(?:using|possessing)) (?:[\w-]+ ){0,2}(?:cell ?phones?|cellphones?|mobile phones?|smartphones?|phones?|SIM cards?)"
     # a class of phones stands for their users ("a crackdown on smuggled mobile phones"); one phone is an object
     r"|(?:Chinese(?:-made)?|smuggled|illegal|unregistered|unlicensed|foreign) (?:cell ?phones|cellphones|mobile phones|smartphones)"
     r"|(?:making|made|make|makes) (?:[\w-]+ ){0,3}(?:phone )?calls? (?:to|with|from) (?:China|South Korea|the South|relatives|family|brokers?|Chinese)|(?:illegal|unauthori[sz]ed|international|cross-border) (?:phone )?calls|calling (?:a |their |his |her )?(?:brokers?|relatives|famil(?:y|ies)|daughters?|sons?) in (?:China|South Korea|the South|Seoul)|(?:using|used|with|owning|owned) (?:[\w-]+ ){0,2}(?:smuggled|Chinese|illegal|foreign|unregistered)(?:-made)? (?:cell ?phones|mobile phones|phones|SIM cards)", ("phone_users",)),
    (r"(?:Chinese(?:-made)?|smuggled|illegal|foreign) (?:cell ?phones?|cellphones?|mobile phones?|phones?) users?|users of (?:Chinese(?:-made)?|smuggled|illegal|foreign) (?:cell ?phones?|cellphones?|mobile phones?|phones?)|people (?:using|with) (?:Chinese(?:-made)?|smuggled|illegal) (?:cell ?phones?|cellphones?|mobile phones?|phones?)|(?:cell ?phone|cellphone|mobile phone) users", ("phone_users",)),
    # border residents
    (r"(?:residents|people|locals|families|households|those|villagers) (?:living |who live )?(?:along|near|close to|on|in|of) (?:the )?(?:border(?:lands?)?|frontier|Tumen(?: River)?|Yalu(?: River)?|riverbank|riverside|Sino-North Korean border|China-North Korea border|North Korea-China border)(?: areas?| regions?| cities| towns| counties| villages| zones?)?"
     r"|(?:residents|people|locals|villagers|families|households) (?:of|in) border (?:areas?|regions?|cities|towns|counties|villages|zones?|districts)|border (?:town|city|county|village|region|area|zone)s? residents|border (?:dwellers|villagers|communities|populations?)|borderland residents|frontier residents|riverside residents"
     r"|border residents|residents (?:of|in|along|near) (?:the )?(?:border|frontier)(?: areas?| regions?| cities| counties)?|(?:people|locals|residents) living (?:along|near|in) the border(?: areas?)?|border-area residents|residents along the Sino-North Korean border|people in border (?:areas|regions|towns)", ("border_residents",)),
    # residents
    (r"residents|citizens|locals|the public|ordinary people|the people|the population|North Koreans|civilians|villagers|townspeople|neighbou?rs|people in the area", ("residents",)),
    # officials (as victims: "officials were purged"; "ordered officials to" is dropped by the extractor)
    (r"bureaucrats|functionaries|high-ranking (?:figures|officers|cadres)|vice[- ]ministers?|generals|elites|the elite|cadres|party cadres|senior officials|government officials|trade officials|officials and cadres|party members|executives|officials|managers|(?:the )?head of (?:the |a )?(?:city |county |provincial |local )?(?:[\w-]+ ){0,3}(?:office|department|committee|cooperative|enterprise|bureau)", ("officials",)),
    # smugglers and traders
    (r"smuggling (?:gangs?|networks?|groups?|suspects|operations?|crews?)|(?:those|anyone|people|residents) (?:caught |involved in |engaged in |who engaged in )smuggling|contraband (?:traders?|dealers?|sellers?)|drug (?:traffickers?|smugglers?)"
     r"|smugglers?|smuggling rings?|people (?:caught )?smuggling", ("smugglers",)),
    (r"market (?:sellers|women|stallholders)|stall ?(?:holders|keepers|owners)|stallholders|peddlers|pedlars|hawkers|wholesalers|shopkeepers|shop owners|business ?(?:people|men|women|owners)|businesspeople|entrepreneurs|moneylenders|money-lenders|money-changers|currency (?:dealers|traders|changers)|jangmadang (?:sellers|women)|grasshopper (?:traders|merchants|sellers)|kkotjebi traders"
     r"|traders?|merchants?|market vendors?|vendors|donju|money lenders|money changers", ("traders",)),
    # other groups that reports name often enough to keep distinct
    (r"schoolchildren|schoolboys|schoolgirls|school ?kids|college students|high school students|middle school students"
     r"|students|university students|pupils", ("other:students",)),
    (r"deserters|army deserters|military personnel|soldiers on leave|demobili[sz]ed soldiers|discharged soldiers"
     r"|soldiers?|privates?|conscripts|squad leaders?|servicem[ae]n|recruits", ("other:soldiers",)),
    (r"(?:factory|warehouse|farm|mine|mining|construction|munitions factory|office|railway|port) workers?|laborers|labourers|engineers?|drivers?", ("other:workers",)),
    (r"fishermen|fishers|sailors|crew members?|seamen|boat crews?", ("other:seafarers",)),
    (r"teachers?|doctors?|nurses?", ("other:professionals",)),
    (r"churchgoers|worshippers|worshipers|underground (?:church(?:es)?|church members|Christians|believers)|house church (?:members|believers)|church members|Bible (?:owners|readers|carriers)|(?:people|those|residents) (?:caught |found )?(?:with|possessing|carrying|reading) (?:a |the )?Bibles?|Buddhists|Catholics|Protestants|Chondoists"
     r"|Christians|believers|religious believers|missionaries", ("other:religious_believers",)),
    (r"fortune[- ]tellers?|shamans?|mudang|superstitious practitioners", ("other:fortune_tellers",)),
    (r"(?:foreign |South Korean |overseas )?radio listeners|listeners (?:of|to) (?:foreign|South Korean|overseas) (?:radio|broadcasts)|(?:people|those|residents) (?:caught |found )?listening to (?:foreign|South Korean|overseas|outside) (?:radio|broadcasts)", ("other:radio_listeners",)),
    (r"tour guides|(?:North Korean )?minders of (?:the )?tourists", ("other:tour_guides",)),
    (r"hotel (?:staff|workers|employees|staffers)", ("other:hotel_staff",)),
    (r"(?:coal |gold |iron )?miners", ("other:miners",)),
    (r"(?:cooperative |collective )?farmers|farm hands", ("other:farmers",)),
    (r"South Korean (?:nationals|citizens|detainees|pastors|missionaries|businessm[ae]n)", ("other:south_koreans",)),
    (r"young people|youths|youngsters|teenagers|adolescents|juveniles|minors|young North Koreans|(?:MZ|millennial|younger) generation", ("other:youth",)),
    (r"political prisoners?|(?:prison |prison-camp |prison camp |camp |labou?r camp |kwanliso |kyohwaso )?inmates|prisoners", ("other:political_prisoners",)),
    (r"foreigners|foreign (?:nationals|citizens|tourists|visitors|residents|students)|(?:Western|American|U\.S\.|US|Japanese|Australian|Canadian|British|European|Malaysian) (?:tourists?|citizens?|nationals?|students?|detainees|missionar(?:y|ies)|travell?ers?)|tourists|Chinese (?:tourists|nationals|citizens)", ("other:foreigners",)),
    (r"abductees|(?:South Korean|Japanese) abductees|prisoners of war|POWs", ("other:abductees",)),
)

# "officials" who act are no target ("ordered officials to ...", "security officials
# said", "officials were told"): the words around the group that say so. Regular-expression
# fragments, matched case-insensitively in the few words around "officials".
# Verbs of ordering, up to three words before "officials".
OFFICIALS_ORDERED_BY: tuple[str, ...] = (
    "order", "ordered", "ordering", "orders", r"instruct\w*", "told", r"urg\w*", r"direct\w*", r"call\w* on",
    "commanded", "tasked",
)
# Words right before "officials" that make them the state's own.
OFFICIALS_OF_THE_STATE: tuple[str, ...] = ("ministry", "security", "police", "embassy", "consulate", "customs", "local")
# Words right after "officials" that make them the ones who act or speak.
OFFICIALS_ACTING_AFTER: tuple[str, ...] = (
    "to", "said", "say", "says", "told", "have been told", "were told", "explained", "added", "noted", "believe",
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
