"""Compact German lexicon used to tell capitalised nouns from person names.

Own compilation of KIMdesk contributors (EUPL-1.2), no third-party word list copied.
It only needs to cover the vocabulary of case narratives: a capitalised word mid-sentence
that is neither here, nor a compound ending in a word from here, nor carries a typical noun
suffix, is treated as a possible name.
"""

from __future__ import annotations

import re

from kimdesk.privacy.pii_resources import german_nouns, spelled

_WORDS = """
ab aber abend abende abschluss abschlüsse absicht abstimmung abteilung abwesenheit achtung
adresse agentur akte akten aktenzeichen akteur akteure aktivität aktuell alle allein alltag
alter alternative amt ämter anerkennung angebot angebote angehörige angelegenheit angst
anhörung anker ankunft anlauf anlaufstelle anmeldung annahme anrede anruf anschluss
anschreiben ansprechpartner ansprechpartnerin anspruch antrag anträge antragstellung antwort
anwalt anwältin anwesenheit anzahl apotheke arbeit arbeiten arbeitgeber arbeitgeberin
arbeitnehmer arbeitsplatz arbeitsstelle arbeitsvertrag arbeitsvermittlung art arzt ärztin
assessment asyl asylantrag asylverfahren atteste attest aufenthalt aufenthalte aufenthaltstitel
aufgabe aufgaben aufnahme auftrag augen ausbildung ausbildungsplatz ausgabe ausgang
auskunft ausland ausländer ausländerbehörde auslöser ausnahme ausreise aussage ausweis
auszug auto autos bad bahn bank basis bau bauch bauer bäuerin beamte beamtin bearbeitung
bedarf bedarfe bedarfsgemeinschaft bedeutung bedingung befristung begegnung beginn
begleitung begründung behandlung behinderung behörde behörden beihilfe bein beispiel beitrag
bekannte bekannten belastung beleg belege beratung beratungsstelle bereich bereiche berg
bericht beruf berufe berufserfahrung beschäftigung bescheid bescheide beschluss beschwerde
besuch besuche beteiligte betreuung betreuerin betreuer betrieb betrag bett bewerbung
bewerbungen bewohner bewohnerin bezug bibliothek bild bildung bitte blick blut boden brief
briefe bruder brüder buch bücher bürger bürgerin bürgergeld büro bus café case chance chancen
chef chefin computer dach dame damen dank darlehen datei daten datenschutz datum dauer decke
deutsch deutschkurs deutschkenntnisse diagnose dienst dienste dienstleistung dienstag ding
dinge dokument dokumente dolmetscher dolmetscherin donnerstag dorf druck duldung durchbruch
ebene ehe ehefrau ehemann ehepaar ehepartner ehepartnerin eigentum einarbeitung einbürgerung
einfluss eingang einheit einkauf einkommen einladung einreise einrichtung einrichtungen
einschulung einsatz einstieg eintrag einverständnis einwilligung einwohner einzelfall eltern
elterngeld elternteil ende energie engagement enkel enkelin entlastung entscheidung
entwicklung erfahrung erfahrungen erfolg ergebnis ergebnisse erhalt erinnerung erklärung
erlaubnis ernährung erstgespräch erzieherin erzieher erziehung essen euro existenz fach
fachkraft fähigkeit fahrt fahrkarte fahrrad fall fälle fallmanager fallmanagerin familie
familien familienkasse farbe fehler feier feld fenster ferien fest feuer finanzen firma flucht
flüchtling flüchtlinge flur folge folgen form formular formulare forderung förderung foto frage
fragen frau frauen freitag freizeit freund freunde freundin frieden frist fristen frühjahr
frühling führerschein fuß garten gast gebäude gebühr gebühren geburt geburtstag gedanke
gefahr gegend gehalt geld gemeinde gemeinschaft genehmigung gericht gesamtteam geschichte
geschwister gesellschaft gesetz gespräch gespräche gesundheit gewalt glaube grenze größe
grund grundlage grundschule gruppe gruppen gutachten gymnasium haft hälfte hand handy haus
hause haushalt häuser heim heimat heizung herbst herkunft herr herren herz hilfe hilfen
hintergrund hinweis hobby hochzeit hoffnung hof hotline idee information informationen
inhalt institution institutionen integration integrationskurs interesse jahr jahre jahren
jahrgang job jobcenter jugend jugendamt jugendliche jugendlichen junge jungen kalender
kaution kenntnis kenntnisse kind kinder kindergarten kindergeld kinderzimmer kirche kita
klage klärung klasse klient klientin klienten klinik koch köchin kollege kollegin kommune
kommunen kontakt kontakte konto kopf kopie kosten kraft krankheit krankenhaus krankenkasse
krankenversicherung kredit krieg krise küche kultur kunde kundin kurs kurse kündigung
lage land länder landkreis lauf leben lebensunterhalt lehrer lehrerin lehre lehrstelle leistung
leistungen leitung lernen leute licht liebe liste lohn lösung lücke lust macht mädchen mahnung
mai mal mann männer markt maßnahme maßnahmen medikament medikamente mensch menschen miete
mieter mieterin mietvertrag minute minuten mitarbeiter mitarbeiterin mitte mittel mittwoch
möglichkeit möglichkeiten monat monate monaten montag morgen motivation mühe mutter mütter
nachbar nachbarin nachbarn nachricht nachweis nachweise nacht nähe name namen nation natur
netz netzwerk neffe nichte not notfall nummer oma onkel opa ordnung ort orte paar papier
papiere partner partnerin pass pause person personen pflege pflicht plan platz polizei
post praktikum praxis preis problem probleme programm projekt prozess prüfung psyche punkt
quartier rahmen rat raum rathaus rechnung recht rechte rede regel region reise rente
rest richter richterin rolle rückkehr rücksprache ruhe runde sache sachen samstag satz
schaden schimmel schritt schritte schreiben schuld schulden schule schulen schüler schülerin
schutz schwager schwägerin schwangerschaft schwester schwestern schwierigkeit schwierigkeiten
see seele seite sicherheit situation sohn söhne sommer sonntag sorge sorgen sozialamt
sozialarbeit sozialarbeiter sozialarbeiterin sozialleistungen spiel sport sprache sprachen
sprachkurs sprechstunde staat stadt stand stelle stellen stelle stimme straße strom stück stufe
stunde stunden suche tag tage tagen tante tat team teil teilnahme teilzeit telefon termin
termine text thema themen tisch tochter töchter tod trennung treffen trauma tür übergang
übersetzung umgang umzug unterkunft unterlagen unternehmen unterricht unterschied
unterschrift unterstützung urlaub ursache urteil vater väter verantwortung verbindung
verein vereine verfahren vergangenheit verhalten verlängerung verlauf verlust vermieter
vermieterin vermittlung vernetzung vertrag verträge vertrauen vertreter vertreterin verwaltung
verwandte verweis voraussetzung vorbereitung vorschlag vorstellung wahl weg wege welt werk
wert wetter wille winter wissen woche wochen wochenende wohnung wohnungen wohnort wort wunsch
wünsche zahl zahlung zeit zeiten zentrum zeugnis zeugnisse ziel ziele zielvereinbarung
zimmer zukunft zugang zusage zusammenarbeit zuständigkeit zweifel zwilling

januar februar märz april juni juli august september oktober november dezember

abschiebung ablehnung abmeldung absage akzeptanz alleinerziehende alleinerziehender
anerkennungsberatung anmeldebescheinigung arbeitslosengeld arbeitslosigkeit
aufenthaltserlaubnis aufenthaltsgestattung ausbildungsvertrag ausbildungsduldung
ausländerrecht begleitperson beratungsgespräch berufsschule berufssprachkurs
beschäftigungsduldung bildungsträger bleibeperspektive bürgerbüro deutschtest
einwohnermeldeamt einstufungstest entgelt erstorientierung fallrekonstruktion
fiktionsbescheinigung förderschule gesamtschule gesundheitsamt hauptschule hausarzt
hausärztin hebamme jobcenters jugendmigrationsdienst kinderarzt kinderärztin
kinderbetreuung kindertagespflege kinderzuschlag kreis kreishaus landesamt lebensbereich
lebensbereiche lebenslauf migrationsberatung minijob mitwirkung niederlassungserlaubnis
notunterkunft pflegekasse qualifizierung realschule reisepass rentenversicherung
schulamt schulpflicht seiteneinsteiger sekundarschule sozialhilfe sprachmittler
sprachmittlerin staatsangehörigkeit steuer steuern steueridentifikationsnummer
teilhabe teilhabemanagement unterhaltsvorschuss verpflichtungserklärung
versorgungslücke wohngeld wohnberechtigungsschein wohnungssuche zuwanderung zuweisung

fachteam regionalteam planungsraum lenkungsgruppe projektgruppe koordination koordinierungsstelle
case-management casemanagement casemanager casemanagerin fachdienst fachbereich
sachbearbeiter sachbearbeiterin leistungsbezug leistungsträger vormund vormundschaft
ehrenamt ehrenamtliche ehrenamtlichen ehrenamtlicher patenschaft pate patin mentor mentorin
praktikumsplatz probezeit schicht schichtdienst lager lagerhelfer pflegehelferin pflegehelfer
reinigungskraft verkäuferin verkäufer fahrer fahrerin friseurin friseur elektriker schneider
schneiderin bäcker bäckerin fischer fischerin jäger schuster kaiser könig vogel fuchs wolf
hahn stein keller winter sommer braun klein schwarz weiß lang lange jung groß alt neu

ich du er sie es wir ihr man mich mir dich dir ihn ihm ihnen uns euch sich
mein meine meinen meinem meiner meines dein deine sein seine seinen seinem seiner seines ihr
ihre ihren ihrem ihrer ihres unser unsere unseren unserem unserer euer eure
der die das den dem des ein eine einen einem einer eines kein keine keinen keinem keiner
dieser diese dieses diesen diesem jener jene jenes jeder jede jedes jeden jedem welche welcher
welches welchen alle allen aller beide beiden beider viele vielen wenige einige manche
und oder aber denn sondern doch jedoch sowie sowohl als auch weder noch dass daß ob wenn weil
da als wie wo wann warum wieso weshalb was wer wem wen wessen nachdem bevor seit seitdem
während bis obwohl obgleich damit sodass indem ohne statt anstatt um zu zum zur im in ins am
an ans auf aus bei beim mit nach von vom vor über unter zwischen neben hinter durch für gegen
entlang trotz wegen dank laut gemäß innerhalb außerhalb aufgrund anhand mithilfe bezüglich
nicht nie niemals immer oft häufig selten manchmal jetzt nun heute gestern morgen bald
bereits schon noch erst wieder weiterhin zudem außerdem ebenfalls auch nur sehr ganz gar
etwa ungefähr rund fast kaum mehr weniger meist meistens zunächst anschließend danach
dann später früher zuvor vorher inzwischen mittlerweile derzeit aktuell zurzeit bisher
bislang seither gleichzeitig zugleich trotzdem dennoch deshalb deswegen daher darum also
somit folglich hingegen dagegen allerdings vielmehr insbesondere besonders vor allem leider
glücklicherweise zum beispiel hier dort dorthin daraufhin schließlich endlich letztlich
insgesamt zusätzlich ergänzend parallel gemeinsam zusammen allein selbst selbstständig
eigenständig persönlich telefonisch schriftlich mündlich regelmäßig wöchentlich monatlich
täglich kurzfristig langfristig mittelfristig zeitnah sofort direkt ebenso ja nein bitte danke
dabei dazu davon dafür dagegen damit danach darauf daraus darin darüber dadurch hierzu
hierbei hierfür wofür womit worauf woran dort trotzdem jedenfalls eventuell vielleicht
wahrscheinlich sicher bestimmt natürlich tatsächlich offenbar offensichtlich scheinbar
eigentlich grundsätzlich ausschließlich lediglich hauptsächlich überwiegend teilweise
vollständig erneut zuerst zuletzt erstmals einmal zweimal dreimal mehrmals mehrfach
nochmals nunmehr ebenso genauso so sowie wie viel viele mehrere zahlreiche verschiedene
bisherige weitere weiteren weiterer erste ersten zweite dritte letzte letzten nächste
nächsten neue neuen alte alten gute guten schlechte große großen kleine kleinen junge
ist sind war waren wird werden wurde wurden hat haben hatte hatten kann können konnte konnten
muss müssen musste mussten soll sollen sollte sollten will wollen wollte wollten darf dürfen
durfte möchte möchten mag gibt gab geht ging kommt kam lebt lebte wohnt wohnte arbeitet
arbeitete besucht besuchte erhält erhielt bezieht bezog beginnt begann sucht suchte findet
fand benötigt braucht brauchte wünscht wünschte berichtet berichtete erzählt erzählte zeigt
stellt steht stand liegt lag bleibt blieb macht machte sagt sagte meldet meldete wendet
wandte kümmert unterstützt begleitet vermittelt beantragt beantragte erfolgt erfolgte gelingt
gelang fehlt fehlte besteht bestand ergibt hilft half läuft lief nimmt nahm gilt galt
hofft hoffte plant plante möglich nötig notwendig wichtig schwierig einfach klar unklar
offen fertig bereit krank gesund schwanger alleinerziehend arbeitslos berufstätig
verheiratet geschieden getrennt verwitwet ledig minderjährig volljährig zuständig
sehr gut gern gerne lieber bereits

mail e-mail email manager managerin management gasse gassen antragsteller antragstellerin
ansprechperson ansprechpersonen
wohnen gang gänge teilnehmer teilnehmerin test tests anbieter
lehrgang lehrgänge beitrag beiträge grad ordnen zertifikat zertifikate kolleg logistik handel
einzelhandel geber nehmer leiter leiterin arbeiter arbeiterin helfer helferin berater beraterin
träger trägerin fachkraft fachkräfte kraft kräfte wesen gruppe kreis kasse kassen schein scheine
bogen bögen nachweis zuschuss zuschüsse leistung prüfung stelle platz plätze haushalt verband
dienst dienste dienstleister ausschuss abschnitt absatz ziffer anlage nummer vertrag bescheinigung
botschaft konsulat termin vermerk notiz protokoll akte sitzung konferenz besprechung runde
gruppe klasse kurse schule kolleg hochschule universität studium studierende student studentin
ausbildungsvergütung vergütung lohn gehalt rente versicherung versicherungen tätigkeit
helfertätigkeit arbeitsmarkt markt wohnraum raum räume unterkunft gemeinschaftsunterkunft
heim wohnheim zimmer küche bad kinderbetreuung betreuung pflegedienst pflegegrad grade
elternbeitrag elternbeiträge gebühr gebühren inkasso pfändung mahnbescheid vollstreckung
kinderarzt zahnarzt facharzt therapie therapeut therapeutin psychotherapie klinik station
hebamme schwangerschaftsberatung beratungsstelle schuldnerberatung suchtberatung
lebensmittel tafel kleiderkammer möbel möbellager fahrkarte ticket führerschein fahrschule
buchhalterin buchhalter kauffrau kaufmann verkäuferin elektriker mechaniker mechatroniker
pflegefachkraft pflegefachfrau pflegefachmann erzieherin lehrkraft lehrkräfte reinigung
gastronomie küchenhilfe lager logistiker paketdienst zusteller zustellerin fahrer
bäckerei metzgerei friseursalon werkstatt baustelle handwerk betrieb firma unternehmen
schulsozialarbeit schulsozialarbeiterin sozialarbeiterin förderklasse förderklassen
seiteneinsteigerklasse berufskolleg kurszeiten kurszeit warteliste wartelisten
mobilfunk strom stromversorgung versorger versorgung energieversorger rundfunkbeitrag
identitätsnachweis passbeschaffung sprachzertifikat sprachnachweis einbürgerungstest
lebensunterhalt einkommensnachweis lohnabrechnung kontoauszug kontoauszüge mietkonto konto
ummeldung anmeldung abmeldung kündigung räumung zwangsräumung obdachlosigkeit
nachbarschaft gemeinde quartier stadtteil ortsteil dorf siedlung viertel
fallrekonstruktion projektgruppe arbeitsgruppe generatives thema versorgungslücke
schnittstelle schnittstellen dienstleistungskette dienstleistungsketten hilfekette

anliegen nachzug familiennachzug landwirt landwirtin landwirtschaft pharmazie medizin jura
studium informatik chemie biologie mathematik pädagogik pflegewissenschaft ingenieur
ingenieurin apotheker apothekerin tischlerei tischler ausbilder ausbilderin notwohnung
zwillinge zwillingen umgangsregelung umgang visum visumverfahren schlaganfall
neben nebenbei ende anfang mitte beginn hälfte
eins zwei drei vier fünf sechs sieben acht neun zehn elf zwölf zwanzig dreißig hundert
"""

# Proper nouns that are not persons: countries, regions, cities, languages, institutions,
# programmes and common abbreviations in case narratives.
_NOT_PERSON = """
deutschland syrien irak iran afghanistan eritrea somalia äthiopien türkei ukraine russland
polen rumänien bulgarien kosovo albanien serbien nordmazedonien mazedonien bosnien montenegro
griechenland italien spanien frankreich niederlande holland belgien österreich schweiz
libanon jordanien ägypten libyen tunesien marokko algerien sudan südsudan nigeria ghana
guinea gambia kamerun kongo jemen pakistan indien bangladesch sri lanka georgien armenien
aserbaidschan moldau moldawien belarus weißrussland kasachstan usbekistan tschetschenien
europa asien afrika amerika nahost naher osten kurdistan
nordrhein-westfalen nrw niedersachsen hessen bayern berlin hamburg bremen sachsen
kleve kreis köln düsseldorf dortmund essen duisburg bochum münster bielefeld paderborn
wuppertal krefeld moers wesel bonn aachen gelsenkirchen oberhausen mönchengladbach
minden lübbecke höxter coesfeld steinfurt rheine
aleppo damaskus homs hama idlib latakia daraa deir raqqa kamischli qamischli afrin
bagdad mossul erbil basra kirkuk dohuk duhok sulaimaniyya sindschar shingal
kabul herat kandahar mazar-e-sharif dschalalabad teheran maschhad isfahan schiras
asmara massawa mogadischu hargeisa kiew kyjiw charkiw odessa odesa lwiw dnipro
saporischschja mariupol cherson moskau sankt petersburg istanbul ankara izmir gaziantep
sofia bukarest warschau krakau pristina tirana amsterdam nimwegen
arabisch deutsch englisch französisch farsi dari paschtu paschto tigrinya tigrinja kurdisch
kurmandschi sorani ukrainisch russisch türkisch polnisch rumänisch bulgarisch albanisch
somali amharisch urdu persisch niederländisch
jobcenter agentur arbeit sozialamt jugendamt ausländerbehörde einbürgerungsbehörde
caritas awo diakonie drk vhs volkshochschule kita welcome-center welcomecenter
bamf ihk hwk kim ki ks cm mbe jmd fbs abh ebh sgb asylblg aufenthg stag dsgvo
familienkasse kindergeld elterngeld bürgergeld wohngeld bafög bab deutschlandticket
whatsapp signal telegram zoom google facebook instagram tiktok
frau herr herrn familie dr prof fr hr abs nr art ziff bzw ggf vgl str tel gz az
case sgb aufenthg asylblg
montag dienstag mittwoch donnerstag freitag samstag sonntag
ostern weihnachten ramadan
"""

_WORD_RE = re.compile(r"\S+")

GERMAN_WORDS: frozenset[str] = frozenset(_WORD_RE.findall(_WORDS))
NOT_PERSON: frozenset[str] = frozenset(_WORD_RE.findall(_NOT_PERSON))

# Endings that mark a German noun (or adjective) rather than a foreign name.
_NOUN_SUFFIXES = (
    "ung", "ungen", "heit", "heiten", "keit", "keiten", "schaft", "schaften", "tion", "tionen",
    "ität", "itäten", "ismus", "chen", "lein", "ment", "mente", "ments", "nis", "nisse",
    "tum", "tümer", "ling", "linge", "erei", "ierung", "anz", "enz", "isch", "ische", "ischen",
    "lich", "liche", "lichen", "ig", "ige", "igen",
    "erin", "erinnen", "stelle", "amt", "ämter", "kurs", "kurse", "zentrum", "träger",
    "behörde", "gericht",
)

_INFLECTIONS = ("", "e", "n", "en", "er", "es", "s", "em", "ern", "nen", "innen", "in")


_spelled = spelled
_WORDS_SPELLED = frozenset(_spelled(w) for w in GERMAN_WORDS)
_NOT_PERSON_SPELLED = frozenset(_spelled(w) for w in NOT_PERSON)


def _in_lexicon(w: str) -> bool:
    w = _spelled(w)
    if w in _WORDS_SPELLED or w in _NOT_PERSON_SPELLED or w in german_nouns():
        return True
    for end in _INFLECTIONS[1:]:  # an inflected form of a word of 5+ letters ("Julien" ≠ Juli)
        if len(w) >= len(end) + 5 and w.endswith(end) and w[: -len(end)] in _WORDS_SPELLED:
            return True
    # a nominalised infinitive of a verb we know: "das Wohnen" (wohnt), "Arbeiten" (arbeitet)
    if len(w) > 5 and w.endswith("en"):
        stem = w[:-2]
        return any(stem + ending in _WORDS_SPELLED for ending in ("t", "et", "te", "ete"))
    return False


def is_german_word(word: str) -> bool:
    """True if `word` is a known common German word or a non-person proper noun."""
    w = word.lower().strip("-")
    if not w:
        return False
    if _in_lexicon(w):
        return True
    if "-" in w:
        # "Welcome-Center", "Integrations-Kurs": German if its last part is.
        last = w.rsplit("-", 1)[1]
        return bool(last) and len(last) > 2 and _in_lexicon(last)
    return False


_LINKS = ("", "s", "es", "n", "en", "e", "er", "ns")
#: First parts of compounds that are no noun of their own ("Gesamtprozess", "Begleitmaßnahme").
_HEADS = frozenset((
    "gesamt", "neu", "fach", "begleit", "hilfs", "haupt", "grund", "sonder", "über", "unter",
    "vor", "nach", "mit", "zusammen", "regel", "ober", "mittel", "klein", "groß", "erst", "zweit",
    "dritt", "einzel", "mehr", "viel", "selbst", "fremd", "eigen", "teil", "voll", "rechts",
    "links", "quer", "aus", "ein", "ab", "an", "auf", "zu", "weiter", "fort", "rück", "wieder",
    "gegen", "miss", "inter", "multi", "bundes", "landes", "kreis", "stadt", "gemeinde",
    "kommunal", "sozial", "schul", "berufs", "sprach", "integrations", "migrations", "hilfe",
    "koordinier", "steuer", "förder", "beratungs",
))
#: Endings of capitalised adjectives and participles ("Kommunalen", "Neuzugewanderten",
#: "Koordinierenden", "Fachbezogene") — names rarely end so.
_ADJECTIVE_ENDINGS = (
    "alen", "ales", "aler", "alem", "enden", "endes", "ender", "endem", "ierten", "iertes",
    "ierter", "ierte", "ischen", "ischer", "isches", "ische", "lichen", "licher", "liches",
    "liche", "iven", "iver", "ives", "igten", "igter", "igte", "ogenen", "ogene", "ogener",
    "zogene", "zogenen", "derten", "derte", "nderten", "nderte", "ürgerten", "ürgerte")

def is_german_compound(word: str, shortest_tail: int = 4) -> bool:
    """Words of the language joined, with or without a linking letter: "Ausländer|behörde",
    "Integration|s|strategie", "Recht|s|kreis|wechsel", "Kurs|traeger" — but not
    "Pier|maria" or "Rom|ana", whose first part is no word."""
    return _compound(_spelled(word.lower().replace("-", "")), shortest_tail, depth=3)


def _compound(w: str, shortest_tail: int, depth: int) -> bool:
    for i in range(3, len(w) - shortest_tail + 1):
        if not _in_lexicon(w[i:]):
            continue
        head = w[:i]
        for link in _LINKS:
            stem = head[: len(head) - len(link)] if link else head
            if not head.endswith(link) or len(stem) < 3:
                continue
            if _in_lexicon(stem) or stem in _HEADS or (
                    depth > 1 and len(stem) >= 7 and _compound(stem, 3, depth - 1)):
                return True
    return False


_VERB_PREFIXES = ("an", "auf", "aus", "ein", "mit", "nach", "vor", "zu", "zusammen", "weiter",
                  "ab", "bei", "dar", "her", "hin", "los", "um", "weg", "wieder", "zurück",
                  "fest", "hoch", "statt", "teil", "über", "unter", "durch", "ver", "be", "er")


def is_adjective_form(word: str) -> bool:
    """A capitalised adjective, participle or infinitive: typical endings, ge-…-te(n)
    participles ("Zugewanderten", "Eingebürgerte"), prefixed infinitives ("Ankommen",
    "Zusammenwirken", "Ausfüllen")."""
    w = word.lower()
    if len(w) >= 7 and w.endswith(_ADJECTIVE_ENDINGS) or len(w) >= 9 and w.endswith("ale"):
        return True
    if len(w) >= 8 and "ge" in w[:6] and w.endswith(("ten", "te", "ter", "tes")):
        return True
    return len(w) >= 8 and w.endswith(("en", "ens")) and w.startswith(_VERB_PREFIXES)


def looks_like_german_noun(word: str) -> bool:
    """Heuristic: lexicon word, compound ending in a lexicon word, or typical noun suffix."""
    if is_german_word(word):
        return True
    w = word.lower()
    if len(w) >= 6 and w.endswith(_NOUN_SUFFIXES):
        return True
    return is_german_compound(word)
