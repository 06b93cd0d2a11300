"""Trigger words of the event types, and the contexts that cancel them.

Everything here is data: regular expressions compiled case-insensitively and
matched on word boundaries against a sentence whose curly quotes and dashes are
folded to ASCII (the offsets do not move).

- ``STRONG``: a match is enough for a mention of that type.
- ``WEAK``: words with an everyday sense too ("watch", "caught", "pressure");
  they count only when the sentence also names an agency, a target group or a
  word standing for an agency ("the agents").
- ``BLOCKERS``: phrases that, when they contain a trigger, cancel it
  ("in order to", "watching South Korean dramas", "to prevent defections").
- ``NEGATION`` / ``HYPOTHETICAL``: words that, a few words before a trigger in
  the same clause, mean the act is denied or only feared (EVENTS.md: such
  sentences are not mentions).
- ``NON_ASSERTIVE``: sentence openings of the writer's own analysis.
- ``TREND_UP`` / ``TREND_DOWN``: cues of a measure being stepped up or relaxed.
"""

from __future__ import annotations

_NUMW = r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten)"
# What relatives are shut out of in guilt by association.
_SHUT_OUT_OF = (
    r"(?:(?:the |their |his |her )?(?:ruling |Workers' )?party|school|schools|college|colleges|universit(?:y|ies)|"
    r"the military|the army|military service|jobs?|work|posts?|positions?|promotions?|cadre|recruitment|"
    r"Pyongyang|residence|homes?|membership|admission|enrollment|enrolment|careers?)"
)
_ORDER_NOUN = r"(?:orders?|instructions?|directives?|decrees?|edicts?|ordinances?|guidelines?|commands?|mandates?)"

STRONG: dict[str, tuple[str, ...]] = {
    "directive": (
        r"decided (?:\w+ ){0,4}that (?:[\w'-]+ ){0,10}(?:must|should|would have to|will have to|are to|were to)",
        r"order(?:s|ed|ing)?",
        r"instruct(?:s|ed|ing|ions?)",
        r"directives?",
        r"directed (?:\w+ ){1,5}to",
        r"decree(?:s|d)?",
        r"edicts?",
        r"ordinances?",
        r"guidelines?",
        r"commanded",
        r"mandat(?:e|ed|es|ing)",
        r"urg(?:e|ed|es|ing) (?:\w+ ){0,4}to",
        r"demand(?:s|ed|ing)? that",
        r"issu(?:e|ed|es|ing) (?:a |an |the )?(?:\w+ ){0,2}(?:warning|notice|proclamation)s?",
        r"(?:ban|bans|banned|banning) (?:\w+ ){0,4}from",
        r"prohibit(?:s|ed|ing)?",
        r"forb(?:id|ade|idden|ids)",
        r"told (?:local |provincial |all )?(?:officials|agents|officers|cadres|units|branches) to",
        r"(?:launch|launched|launching|began|begun|start|started) (?:a |an )?(?:new |special |intensive |fresh )?(?:crackdown|campaign|inspection campaign)",
        r"명령|지시|방침",
    ),
    "surveillance": (
        r'(?:check|checks|checked|checking|inspect\w*) (?:\w+ ){0,2}(?:TVs?|televisions|computers|phones|mobile phones|cellphones|USBs?|USB (?:sticks|drives)|homes?|houses?|bags|belongings|notebooks|what)',
        r'keep(?:s|ing)? (?:\w+ )?files on|kept (?:\w+ )?files on',
        r'put on (?:a |the )?(?:list|watch ?list|black ?list)',
        r'pos(?:e|ed|es|ing) as (?:brokers?|smugglers?|traders?|defectors?|buyers?|customers?)',
        r'sting operations?',
        r'(?:sit|sits|sat|sitting|listen|listens|listened|listening) in on (?:\w+ )?(?:phone )?calls',
        r'radio[- ]wave detection|detection (?:team|squad|van|vehicle)s?',
        r'(?:assigned|put|placed|posted|stationed|deployed) (?:\w+ ){0,4}agents? (?:to|on|in|at|aboard) every',
        r'look(?:s|ed|ing)? for (?:phones|cellphones|USBs?|South Korean|foreign|illegal|smuggled|Bibles)',
        r'house[- ]to[- ]house (?:searches|inspections|checks)|door[- ]to[- ]door (?:searches|inspections|checks)',
        r'(?:check|checks|checked|checking) on what (?:\w+ ){0,3}(?:think|thinking|say|saying|do|doing)',
        r"monitor(?:s|ed|ing)?",
        r"surveil(?:s|led|ling|lance)",
        r"watch ?lists?",
        r"black ?lists?",
        r"(?:\w+)[- ]ply (?:system|surveillance)",
        r"sets of eyes",
        r"eavesdrop(?:s|ped|ping)?",
        r"wiretap(?:s|ped|ping)?",
        r"bugg(?:ed|ing) (?:devices|phones|homes|rooms)",
        r"stalk(?:s|ed|ing)?",
        r"on the lookout",
        r"keep(?:s|ing)? (?:a )?(?:close |constant )?(?:eye|eyes|tabs) on",
        r"kept (?:a )?(?:close |constant )?(?:eye|eyes|tabs) on",
        r"under (?:close |constant |round-the-clock |tight |strict )?(?:surveillance|watch|observation|scrutiny)",
        r"scrutin(?:y|ize|ized|izing|ise|ised|ising)",
        r"(?:public|ideological|security|loyalty|lifestyle) checks?",
        r"ideological (?:tendencies|inspections?|vetting|screening|surveillance)",
        r"(?:ascertain|track|know) (?:their |the )?(?:location|whereabouts|movements)",
        r"whereabouts at all times|location at all times",
        r"supervision",
        r"inspect(?:s|ed|ing|ions?)",
        r"investigations? into (?:what|how|the activities|their activities|the lives|residents|people)",
        r"(?:radio|signal|phone|cellphone) (?:detection|detectors?|tracking|jamming)",
        r"detection (?:equipment|devices|vehicles)",
        r"(?:house|home) (?:searches|raids|inspections)",
        r"crack(?:s|ed|ing)? down on (?:the )?(?:use of )?(?:Chinese(?:-made)? |smuggled |illegal |foreign )?(?:cell ?phones|mobile phones|phones|phone use)",
        r"crackdown on (?:the )?(?:use of )?(?:Chinese(?:-made)? |smuggled |illegal |foreign )?(?:cell ?phones|mobile phones|phones|phone use)",
        r"find out what (?:\w+ ){0,3}(?:think|thinks|thinking|say|says|saying|do|doing)",
        r"more (?:\w+ ){0,2}(?:agents|officers) on the ground",
        r"(?:deploy|dispatch|send|sent|assign|station|post)\w* (?:\w+ ){0,3}(?:more|additional|extra) (?:\w+ ){0,2}(?:agents|officers|personnel|informants)",
        r"(?:dossiers?|files|materials|records|documents|information|data) (?:on|about|pertaining to|concerning) (?:the )?(?:\w+ ){0,3}(?:defectors|residents|individuals|people|families|relatives|dissidents)",
        r"감시|사찰",
    ),
    "arrest": (
        r'taken to (?:the |a )?(?:[\w-]+ ){0,3}(?:police station|police box|detention|state security|holding|jail|prison|interrogation|security department)',
        r'taken away',
        r'took (?:them|him|her|the \w+) (?:off|away|in)',
        r'caught (?:at least |more than |about |around )?(?:\d+|two|three|four|five|six|seven|eight|nine|ten|a|several|dozens of|hundreds of) (?:[\w-]+ ){0,2}(?:people|residents|women|men|brokers?|smugglers?|defectors?|traders?|students|soldiers|workers)',
        r'caught (?:them|him|her) (?:in the act|red-handed|making|using|trying|crossing|with)',
        r"handed (?:[\w-]+ ){0,3}over to (?:the )?(?:prosecutors?'?|police|state security|Bowibu|MSS|security department)",
        r'(?:raided|raid|raids|raiding) (?:\w+ ){0,3}(?:apartments?|homes?|houses?|hideouts?|a house|the house)',
        r"arrest(?:s|ed|ing)?",
        r"detain(?:s|ed|ing|ment)?",
        r"captur(?:e|es|ed|ing)",
        r"apprehen(?:d|ds|ded|ding|sion)",
        r"taken (?:in|away) (?:for questioning|by)",
        r"taken into custody",
        r"round(?:s|ed|ing)? up",
        r"rounded (?:\w+ ){1,3}up",
        r"picked up by",
        r"nabbed",
        r"locked up",
        r"hauled (?:in|off|away)",
        r"체포|구속",
    ),
    "interrogation": (
        r'beat(?:en)? (?:\w+ ){0,4}(?:during|while|in|under) (?:questioning|interrogation|detention|custody)',
        r'beat(?:s|ing)? (?:him|her|them) (?:\w+ ){0,4}(?:during|while|in|under) (?:questioning|interrogation|detention|custody)',
        r'(?:during|under) questioning',
        r'(?:was|were|been|being) beaten',
        r"interrogat(?:e|es|ed|ing|ion|ions|ors?)",
        r"questioned",
        r"preliminary (?:examination|investigation)",
        r"grilled",
        r"tortur(?:e|ed|es|ing)",
        r"beaten (?:during|while|in) (?:questioning|detention|custody)",
        r"(?:forced|coerced) (?:\w+ ){0,2}confess(?:ion)?",
        r"예심|취조",
    ),
    "sentencing": (
        r"expelled from (?:the )?(?:ruling |Workers' )?(?:party|university|college|school|army)",
        r'purg(?:e|ed|es|ing)',
        r'(?:demoted|dismissed|removed from (?:his|her|their) posts?)',
        r'sent to (?:work (?:on|at|in) )?(?:a |an )?(?:remote |distant |rural |mountain )?(?:farm|mine|coal mine|cooperative farm|logging site)',
        r'fin(?:ed|ing|es) (?:\w+ ){0,3}(?:vendors|traders|residents|people|them|those|him|her|families|households|merchants)',
        r"sentenced",
        r"sentences? (?:of|to)",
        r"(?:handed|given|received|receiving|handed down) (?:\w+ ){0,3}(?:sentence|term|prison term)",
        r"sent to (?:an? |the )?(?:labor|labour|political|prison|kyohwaso|kwalliso|re-?education|correctional|reform)",
        r"(?:labor|labour) (?:training|reform) (?:brigade|camp|center|centre|unit)s?",
        r"(?:forced )?(?:labor|labour) (?:brigade|camp)s?",
        r"kyohwaso|kwalliso|rodong ?danryeondae|danryeondae|dallyeondae",
        r"political prison(?:er)? camps?|political prisons?",
        r"prison camps?",
        r"execut(?:ed|ion|ions)",
        r"firing squad",
        r"death (?:sentence|penalty)",
        r"shot (?:dead|to death)",
        r"fined|fines? of",
        r"imprison(?:ed|ment)",
        r"jailed",
        r"banish(?:ed|ment)",
        r"처형|교화소|관리소|노동단련대",
    ),
    "repatriation": (
        r'put (?:them |him |her |the \w+ )?on (?:a |the )?(?:flight|plane|train|bus) (?:back )?to (?:Pyongyang|North Korea|the North)',
        r'escorted (?:\w+ )?(?:back )?(?:to|by) (?:Pyongyang|North Korea|the North|\w+ (?:embassy|security))',
        r"repatriat(?:e|es|ed|ing|ion|ions)",
        r"sent (?:them |him |her )?back (?:to North Korea|to the North|home)",
        r"forcibly (?:returned|sent back|deported)",
        r"forced (?:return|repatriation)s?",
        r"(?:bring|brings|bringing|brought) (?:them |him |her |\w+ )?(?:back|home)",
        r"(?:handed|turned) (?:them |him |her )?over to (?:North Korea|the North|North Korean)",
        r"deport(?:s|ed|ing|ation|ations)",
        r"(?:called|ordered|summoned) (?:back )?(?:home|back)",
        r"recall(?:s|ed|ing)? (?:\w+ ){0,4}(?:home|to Pyongyang|to North Korea|to the North|from (?:abroad|overseas|their posts?|[A-Z]\w+))",
        r"recall(?:s|ed|ing)? (?:the |its |all |their |some |dozens of |hundreds of )?(?:\w+ )?(?:diplomats|workers|laborers|labourers|personnel|staff|officials|envoys|ambassadors?|students)",
        r"recall of (?:\w+ ){0,3}(?:diplomats|workers|laborers|labourers|personnel|staff|officials|envoys)",
        r"강제북송|송환",
    ),
    "intimidation": (
        r'told (?:them |him |her |the families |families |residents |the parents |parents |relatives |the relatives )?(?:that )?(?:they|he|she|their \w+|his \w+|her \w+) would (?:be|lose|face|suffer|end up|never|not)',
        r'(?:will|would) end up the same way',
        r'made to (?:attend|watch|write self-criticism|stand)',
        r'self-criticism',
        r'(?:so|in order) that (?:\w+ ){0,4}would see',
        r"threat(?:s|en|ens|ened|ening)?",
        r"intimidat(?:e|es|ed|ing|ion)",
        r"harass(?:es|ed|ing|ment)?",
        r"terror(?:ize|izes|ized|izing|ise|ised|ising)",
        r"blackmail(?:s|ed|ing)?",
        r"menac(?:e|ed|es|ing)",
        r"(?:visit|visits|visited|visiting|calling on) (?:the )?(?:homes?|houses?|families|relatives|parents)",
        r"(?:entered|barged into|stormed|burst into|raided) (?:her|his|their|the) (?:homes?|houses?)",
        r"target(?:s|ed|ing)? (?:the )?(?:famil(?:y|ies)|relatives)",
        r"협박|위협",
    ),
    "collective_punishment": (
        r'\b(?:relatives|famil(?:y|ies)|parents|siblings|children|kin|wife|wives|husbands?|sons?|daughters?|brothers?|sisters?|father|mother|nephews?|nieces?|in-laws|grandparents)\b[^.;]{0,70}\b(?:were|was|have been|had been|are being|is being|being|will be|would be|to be|has been)\s+(?:\w+\s+)?(?:sent|moved|relocated|banished|exiled|expelled|evicted|forced out|dismissed|punished|demoted|removed|reassigned|transferred|stripped|barred|denied|excluded|fired|deported)',
        r'punish(?:es|ed|ing|ment)? (?:\w+ ){0,3}(?:for|because of) (?:what )?(?:a |their |his |her )?(?:relatives?|family members?|son|daughter|father|mother|brother|sister|husband|wife)',
        r"guilt[- ]by[- ]association",
        r"yeonjwaje",
        r"연좌제",
        r"(?:first|second|third|fourth) cousins",
        r"degrees? of kinship",
        r"three generations",
        r"punish(?:es|ed|ing|ment)? (?:of )?(?:the |their |his |her )?(?:famil(?:y|ies)|relatives|parents|children|kin)",
        rf"(?:exclud|bar|barr|ban|bann|den|expell|dismiss|demot|fir|evict|relocat|banish|deport|strip|kick)(?:e|es|ed|ing|y|ied|s)?\b[^.;]{{0,80}}\b(?:relatives|famil(?:y|ies)|parents|siblings|children|kin)\b[^.;]{{0,120}}{_SHUT_OUT_OF}",
        rf"\b(?:relatives|famil(?:y|ies)|parents|siblings|children|kin)\b[^.;]{{0,60}}\b(?:were|was|have been|had been|are being|being|will be|to be) (?:\w+ )?(?:excluded|barred|banned|denied|expelled|dismissed|demoted|fired|evicted|relocated|banished|deported|punished|stripped)\b(?:[^.;]{{0,80}}{_SHUT_OUT_OF}|\s+(?:to|from) (?:the |a |remote |rural |mountain )*(?:countryside|villages?|areas?|regions?|mines|farms|Pyongyang|cities|city|homes?|jobs?|posts?))",
    ),
    "informant_recruitment": (
        r"recruit(?:s|ed|ing)? (?:[\w'-]+ ){0,6}as (?:an? )?(?:informants?|informers?|spies|snitch(?:es)?)",
        r'(?:work|works|working|worked|serve|serves|serving|served|act|acts|acting|acted) as (?:an? )?(?:informants?|informers?|spies|snitch(?:es)?)',
        r'report (?:on )?(?:anyone|everyone|any neighbou?rs?|a neighbou?r) (?:who|that|they)',
        r'report(?:s|ed|ing)? (?:[\w-]+ ){0,3}(?:on|about) (?:what|anyone|everyone|others|the others|neighbou?rs|colleagues|fellow)',
        r'(?:watch|monitor|spy on) (?:each other|one another)',
        r'(?:anyone|whoever) who reports (?:a |their )?(?:neighbou?rs?|others|colleagues)',
        r"recruit(?:s|ed|ing|ment)? (?:of )?(?:\w+ ){0,4}(?:as )?(?:informants?|informers?|spies|snitches)",
        r"recruit(?:s|ed|ing)? (?:\w+ ){0,4}to (?:spy|report|inform|monitor|watch)",
        r"(?:coerc|forc|pressur|incentiv|pay|paid|paying|bribe|persuad|enlist|mobiliz|mobilis|turn|use|using|used)\w* (?:\w+ ){0,6}(?:into spying|to spy|into spies|into informants|to report on|to inform on|as informants|as informers|as spies)",
        r"into spies",
        r"(?:network|networks|ring) of (?:informants|informers|spies)",
        r"informant networks?|informer networks?",
        r"report on (?:their )?(?:neighbou?rs|colleagues|co-workers|each other|one another|family members|relatives)",
        r"(?:spy|spying|inform|informing) on (?:each other|one another|their neighbou?rs|their colleagues)",
        r"play(?:s|ed|ing)? (?:the )?roles? (?:of|beyond that of) (?:the )?(?:security agents|informants|informers|spies)",
        r"밀고|정보원",
    ),
    "extortion": (
        r'(?:made|forced|asked|told|ordered|pressed) to pay',
        r'paid (?:the agents |the officers |the guards |the police |them |him |her |a bribe of |bribes of )?(?:more than |at least |about |around )?[\d,.]+ (?:million |thousand )?(?:won|yuan|dollars|US dollars|USD|RMB|euros)',
        r'(?:asking|asked|demanding|demanded|demand|demands|charging|charged|charge) (?:for )?(?:at least |an extra |a |up to |as much as )?(?:[\d,.]+|\w+) (?:million |thousand )?(?:won|yuan|dollars|USD|RMB)',
        r'(?:demand|demands|demanded|demanding|told|forced|made) (?:\w+ ){0,5}(?:to )?hand over (?:money|cash|\w+ (?:won|yuan|dollars))',
        r'(?:demand|demands|demanded|demanding|collect|collects|collected|collecting|charge|charges|charged|charging) (?:\w+ ){0,2}[\'\"]?(?:fees|payments|tolls)[\'\"]?',
        r'(?:for|take|takes|took|taking|demand\w*) a cut',
        r'pay (?:\w+ ){0,2}to (?:get|secure|buy) (?:back|their release|his release|her release|a lighter)',
        r"bribes?|bribery",
        r"extort(?:s|ed|ing|ion)?",
        r"demand(?:s|ed|ing)? (?:money|cash|payments?|goods|a payment|\d|rice|food|valuables|a cut|a share)",
        r"shake ?downs?|shaking down|shook down",
        r"kickbacks?",
        r"(?:pay|paid|paying) off",
        r"in exchange for (?:keeping quiet|their release|his release|her release|release|leniency|a lighter)",
        r"(?:seized|took|confiscated|stole) (?:their |his |her )?(?:money|property|savings|belongings|valuables)",
        r"뇌물",
    ),
    "border_control": (
        r'(?:shot|shoot|shoots|shooting|opened fire on|fired on|killed)\b(?:\s+\w+){0,6}\s+(?:trying|attempting|tried|attempted) to cross',
        r'no-approach zones?|restricted zones?|exclusion zones?',
        r'guard duty|(?:post|posts|posted|posting) (?:more |additional |extra )?guards',
        r'tighten\w* (?:\w+ ){0,2}control over (?:\w+ ){0,2}(?:boats|fishing|the coast|coastal|vessels|ships|the river|crossings)',
        r'(?:border|frontier)s? (?:was|were|has been|had been|have been|remained|remains|is|are) (?:\w+ )?(?:sealed|closed|shut)',
        r'night patrols|patrols? (?:\w+ ){0,3}(?:cut|reduced|increased|doubled|tripled)',
        r"seal(?:s|ed|ing)? (?:off )?(?:of )?the (?:border|frontier)",
        r"border (?:control|controls|security|patrols?|crackdown|closure|lockdown|fences?|wall|surveillance|guard posts?|sentry posts?|blockade)",
        r"(?:heightened|increased|stepped-up|stepped up|tighter|tougher|intensified|more|additional|reinforced) (?:border )?patrols?",
        r"barbed[- ]wire|(?:electric|electrified) fences?|land ?mines|buffer zones?|watchtowers?",
        r"crack(?:s|ed|ing)? down on (?:illegal )?(?:border )?(?:crossings?|crossers|defections|defectors|smuggling)",
        r"crackdowns? on (?:illegal )?(?:border )?(?:crossings?|crossers|defections|defectors|smuggling)",
        r"(?:close|closed|closing|shut|shutting) (?:down )?the (?:border|frontier)",
        r"shoot[- ]to[- ]kill|shoot on sight|shoot anyone",
        r"fortif(?:y|ied|ies|ying|ication|ications)",
        r"control over (?:people )?(?:illegally )?crossing the border",
        r"(?:strengthen|tighten|reinforc|bolster)\w* (?:\w+ ){0,3}(?:the )?border",
        r"(?:monitor|watch|guard)\w* (?:\W*\w+\W* ){0,2}(?:the )?(?:border|frontier|river ?bank|riverside)",
        r"국경 (?:봉쇄|경비|통제)",
    ),
    "defection": (
        r'cross(?:ed|es|ing)? (?:the )?(?:Military Demarcation Line|MDL|DMZ|demilitari[sz]ed zone|maritime border|Northern Limit Line|NLL)',
        r'jump(?:ed|s|ing) ship',
        r'slip(?:ped|s|ping) (?:\w+ )?(?:through|across|over) (?:the )?(?:fences?|border|river|Tumen|Yalu)',
        r'helped (?:\w+ ){0,3}(?:cross|flee|escape|defect)',
        r"defect(?:ed|ing|ions?)?",
        r"fled|flee(?:s|ing)?",
        r"escap(?:e|ed|es|ing)",
        r"went missing|gone missing|go missing",
        r"disappear(?:ed|ance)",
        r"crossed (?:the border|the Tumen|the Yalu|into China|the river)",
        r"made (?:it|their way|his way|her way) to (?:South Korea|the South|China|Seoul|a third country)",
        r"arrived in (?:South Korea|Seoul)",
        r"탈북",
    ),
}

WEAK: dict[str, tuple[str, ...]] = {
    "directive": (
        r"call(?:s|ed|ing)? for",
    ),
    "surveillance": (
        r'search(?:es|ed|ing)?',
        r'list of (?:\w+ ){0,3}(?:people|residents|names|suspects)',
        r"watch(?:es|ed|ing)?",
        r"track(?:s|ed|ing)?",
        r"investigat(?:e|es|ed|ing|ion|ions)",
        r"check(?:s|ed|ing)? (?:on )?(?:their|the|residents|people|phones|homes|whereabouts)",
        r"(?:searched|search|searching) (?:their |the )?(?:homes?|houses?|belongings|phones)",
        r"confiscat(?:e|ed|es|ing|ion) (?:of )?(?:their |the )?(?:phones?|cellphones?|USBs?|SD cards?)",
        r"deploy(?:s|ed|ing|ment) of (?:more )?(?:\w+ ){0,4}agents",
    ),
    "arrest": (
        r"(?:was|were|been|being|got|get|gets|is|are) caught|caught (?:by|and|red-handed|in the act)",
        r"detention",
        r"custody",
        r"seized",
        r"held (?:at|in) (?:a |the )?(?:\w+ ){0,2}(?:detention|holding|police|jail|cell)",
    ),
    "intimidation": (
        r"frighten(?:s|ed|ing)?",
        r"pressur(?:e|es|ed|ing)",
        r"warn(?:s|ed|ing|ings)?",
        r"coerc(?:e|es|ed|ing|ion)",
        r"harm (?:their|the) (?:public )?activities",
        r"(?:tell|telling|told) (?:them|the families|families|relatives) (?:that|not)",
    ),
    "repatriation": (
        r"sent back",
        r"returned to (?:North Korea|the North|Pyongyang)",
        r"replaced",
    ),
    "border_control": (
        r"patrol(?:s|led|ling)?",
        r"(?:sentry|guard) posts?",
        r"CCTV",
    ),
    "sentencing": (
        r"prison",
        r"punish(?:ed|ment)",
    ),
}

# A trigger inside one of these phrases does not count.
BLOCKERS: dict[str, tuple[str, ...]] = {
    "*": (
        r"(?:please|to) direct (?:any )?(?:comments|questions)",
        r"travel (?:warnings?|advisor(?:y|ies))",
    ),
    "directive": (
        r"in order (?:not )?(?:to|for|that)",
        r"(?:flout|violat|ignor|break|breach|defy|defie|disobey)\w* (?:\w+ ){0,3}(?:guidelines?|ordinances?|orders?|rules|protocols|instructions)",
        r"(?:law|public|social|world|political|new world) and order|(?:law|public|social|world) order",
        r"order of (?:the )?(?:merit|magnitude|business|battle|the day)",
        r"(?:this|the|that|these) (?:latest |new |recent )?orders? (?:is|was|are|were) (?:\w+ ){0,2}(?:connected|related|linked|tied|part|believed|seen)",
        r"(?:regarding|about|following|despite|taking|take|takes|took) (?:the|this|that|these|those) (?:latest |new |recent )?orders?(?! (?:to|that))",
        r"(?:whether|if) (?:the )?orders?",
        r"call(?:s|ed|ing)? for (?:help|comment|assistance)",
        r"(?:order|ordered|ordering) (?:food|goods|products|online)",
        r"mail[- ]order|made[- ]to[- ]order|in short order",
        r"orders? (?:were|was|are|is|read) (?:as follows|below)",
    ),
    "surveillance": (
        r"(?:forced|made|had) to watch",
        r"watch(?:es|ed|ing)? (?:\w+ ){0,2}(?:TV|television|dramas?|films?|movies?|videos?|broadcasts?|shows?|footage)",
        r"track record|on track|keep track of (?:time|costs)",
        r"monitor(?:s|ed|ing)?\W+(?:\w+\W+){0,3}(?:the )?(?:border|frontier)",
        r"(?:surveillance|monitoring) (?:cameras?|footage) (?:showed|captured)",
    ),
    "interrogation": (
        r"in for questioning",
        r"after (?:the |their |his |her )?(?:interrogations?|questioning|investigations?)",
        r"questioned (?:how|whether|why|what|if|the (?:decision|wisdom|policy|need))",
    ),
    "sentencing": (
        r"execut(?:e|es|ed|ing|ion) (?:of )?(?:the |party |state |its )?(?:party )?(?:polic(?:y|ies)|orders?|plans?|tasks?|duties|projects?)",
        r"executive",
        r"(?:the|two|three|four|five|several|\d+) executed (?:men|man|woman|women|people|prisoners|brokers|smugglers|officials|persons)",
        r"fines? (?:dust|print|art|arts)",
    ),
    "repatriation": (
        r"recall(?:s|ed|ing)? (?:that|how|the (?:day|time|moment|years))",
        r"bring back (?:memories|the economy)",
        r"(?:bring|brought) (?:them |him |her )?(?:back )?home (?:the )?(?:gold|trophy|title|prize)",
        r"returnees?",
    ),
    "intimidation": (
        r"(?:nuclear|missile|security|military|existential|health|public health) threats?",
        r"threats? (?:of|from) (?:war|nuclear|COVID|the virus|the pandemic|coronavirus)",
        r"threat to (?:peace|security|the region)",
        r"threats? (?:it|that it|they|that they) posed|threats? (?:of|from|posed by) (?:the )?(?:coronavirus|virus|pandemic|covid|disease|war|terrorism|climate|inflation)",
        r"(?:weather|storm|typhoon|flood|heat|cold) warnings?",
        r"warn(?:ed|ing|s)? (?:of|about) (?:food|shortages|a crisis|the virus|COVID|flooding|floods)",
        r"visit(?:ed|ing|s)? (?:the )?homes? (?:of|in) (?:his|her|their) (?:hometown|childhood)",
    ),
    "defection": (
        r"(?:prevent|prevents|preventing|prevented|prevention of|stop|stops|stopping|block|blocking|deter|deters|deterring|curb|curbing|avoid|avoiding|against|break|breaking|halt|halting|reduce|reducing|aimed at preventing|crack(?:s|ed|ing)? down on|crackdown on|control over|controlling)\b[^.,;]{0,60}?\b(?:defect(?:ed|ing|ions?)?|escap(?:e|ed|es|ing)|flee(?:s|ing)?)",
        r"defections? (?:can|could|would|will|may|might) ",
        r"wave of defections",
        r"(?:help|helps|helping|assist|assists|assisting|aid|aids|aiding|guide|guides|guiding) (?:\w+ ){0,3}(?:to )?(?:flee|defect|escape|cross)",
        r"(?:choose|chose|decide|decided|want|wanted|wanting|plan|planned|planning|try|tried|trying|attempt|attempted|attempting) to (?:defect|flee|escape)",
        r"escape(?:s|d)? (?:the |a )?(?:pandemic|virus|heat|cold|punishment|poverty|hunger|notice|detection|the blame)",
        r"disappear(?:ed|ance)? (?:from|of) (?:the )?(?:market|markets|shops?|shelves|view|public view|sight)",
    ),
    "border_control": (
        r"border (?:trade|city|cities|town|towns|area|areas|region|regions|residents|county|counties)",
    ),
    "arrest": (
        r"cardiac arrest",
        r"arrest(?:ed|ing)? (?:development|decline|growth)",
        r"caught (?:on camera|fire|up|a cold|COVID|the virus|sight)",
        r"captur(?:e|ed|es|ing) (?:the )?(?:market|image|images|photos?|footage|moment|attention|imagination)",
        r"detention (?:centers?|centres?|facilit(?:y|ies)) (?:is|are|was|were) (?:located|built)",
    ),
    "extortion": (
        r"bribe(?:s|ry)? (?:charges?|case|scandal) (?:against|involving) (?:a |the )?(?:South Korean|Chinese|US|U\.S\.)",
    ),
}

# Within this many words before a trigger, in the same clause.
NEGATION_WINDOW = 4
NEGATION: tuple[str, ...] = (
    r"not(?! only)",
    r"never",
    r"n't",
    r"no one",
    r"nobody",
    r"none",
    r"no",
    r"without",
    r"nor",
    r"neither",
    r"denied",
    r"deny",
    r"avoid(?:ed|ing)?",
    r"refrain(?:ed|ing)? from",
    r"failed to",
)

# "not to impugn the families or charge them with guilt by association": the
# negated infinitive covers every verb that follows it in the clause.
CLAUSE_NEGATION: tuple[str, ...] = (r"not to", r"never to", r"no longer")

HYPOTHETICAL_WINDOW = 8
HYPOTHETICAL: tuple[str, ...] = (
    r"will (?:likely |probably |also )?be",
    r"would (?:likely |probably |also )?be",
    r"will (?:likely |probably )?(?:face|receive|get)",
    r"(?:is|are|was|were) expected to",
    r"(?:is|are) likely to",
    r"can be",
    r"punishable",
    r"if",
    r"unless",
    r"could",
    r"might",
    r"fears?",
    r"feared",
    r"fearing",
    r"risks?",
    r"risking",
    r"afraid",
    r"worried",
    r"worry",
    r"worries",
    r"potentially",
    r"possibility",
    r"lest",
    r"whether",
)

# Threats and orders are conditional by nature ("told them that if they refused,
# they would be reported"): hypothetical words do not cancel these types.
HYPOTHETICAL_EXEMPT: frozenset[str] = frozenset({"directive", "intimidation"})

# A sentence opening with "The arrests ..." / "These executions ..." points back
# to acts already told (EVENTS.md: not a new mention).
BACK_REFERENCE = r"^\W*(?:the|these|those|this|such|that)\s+(?:[\w-]+\s+)?$"

# Sentences that open like this are the writer's (or an analyst's) reading, not an act.
NON_ASSERTIVE: tuple[str, ...] = (
    r"^\W*(?:there is|there are|there has been) (?:\w+ )?(?:speculation|concern|concerns|fears?|talk|analysis|discontent|dissatisfaction|resentment|anger|frustration|complaints?|criticism)",
    r"^\W*(?:analysts|experts|observers|some experts|some analysts|critics|scholars)\b",
    r"^\W*(?:this|these|such) (?:[\w'-]+ ){0,14}(?:suggests?|indicates?|shows?|means|reflects?|underscores?|highlights?|appears? to)\b",
    r"^\W*it (?:remains|is) (?:to be seen|unclear|unknown|not clear)",
    r"^\W*it appears that (?:the )?authorities are trying to (?:assuage|appease|ease)",
    r"^\W*(?:in other words|that is to say)",
    r"^\W*(?:if|unless|should) ",
)

TREND_UP: tuple[str, ...] = (
    r"step(?:s|ped|ping)? up",
    r"stepped-up",
    r"bolster(?:s|ed|ing)?",
    r"increas(?:e|es|ed|ing)",
    r"more (?:\w+ ){0,4}(?:agents|officers|investigations|patrols|guards|inspections|surveillance|monitoring|checks|personnel|resources)",
    r"(?:is|are) now (?:dispatching|deploying|assigning|sending|mobili[sz]ing|posting)",
    r"drastically more",
    r"strengthen(?:s|ed|ing)?",
    r"heighten(?:s|ed|ing)?",
    r"tighten(?:s|ed|ing)?",
    r"tighter",
    r"tougher",
    r"stricter",
    r"intensif(?:y|ies|ied|ying|ication)",
    r"reinforc(?:e|es|ed|ing|ement)",
    r"expand(?:s|ed|ing)?",
    r"ramp(?:s|ed|ing)? up",
    r"beef(?:s|ed|ing)? up",
    r"escalat(?:e|es|ed|ing)",
    r"redoubl(?:e|ed|ing)",
    r"extra",
    r"additional",
    r"ceaselessly",
    r"(?:pouring|poured|pour) (?:\w+ ){0,2}more",
    r"ascertain (?:their|the) location at all times",
    r"a priority",
)
TREND_DOWN: tuple[str, ...] = (
    r"eas(?:e|es|ed|ing)",
    r"relax(?:es|ed|ing)?",
    r"loosen(?:s|ed|ing)?",
    r"reduc(?:e|es|ed|ing|tion)",
    r"scal(?:e|es|ed|ing) back",
    r"lift(?:s|ed|ing)?",
    r"exclud(?:e|es|ed|ing) (?:\w+ ){0,6}from (?:surveillance|monitoring|watch lists|the watch list)",
    r"off (?:the )?watch ?lists?",
    r"(?:avoid|stop|end|halt) (?:\w+ ){0,2}(?:excessive|the practice)",
    r"fewer",
    r"less (?:frequent|intense|strict)",
    r"no longer",
)

# Event types that carry a trend (EVENTS.md: never on `directive`).
TREND_TYPES: frozenset[str] = frozenset({"surveillance", "border_control"})

# Order words a directive points through ("in the order, ...", "the order stated"):
ORDER_NOUN = _ORDER_NOUN
NUMBER_WORD = _NUMW
