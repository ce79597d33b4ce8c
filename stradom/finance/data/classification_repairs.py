"""Hand repairs of the PDF-extracted regulation text, used by ``build_classification``.

What was repaired, and how
--------------------------
1. **Column blocks.**  Where the PDF set codes and names in two columns, the
   extraction gives a run of bare codes followed by a run of names (sometimes
   two or three names on one line, sometimes a name glued to the end of the
   previous chapter's explanation).  Each block below lists the names in the
   order the text gives them; the build pairs them with the block's codes in
   the order the text gives those.  Codes are never typed here: they come from
   the text.  The build checks that the counts agree and that every name occurs
   in the block's text, in this order.  Pairing by order is the only repair
   the text supports; it was checked against independent lists where one was
   found (chapters of 851, 852 and 855 in a public TypeScript list of chapters,
   and the typical city chapters in docs/polish_finance.md).  Blocks 752
   (defence) and the revenue paragraphs 004-027 and 609-626 rest on the order
   alone.
2. **Glued words.**  The extraction lost the space after short words at some
   line ends ("wwysokości", "naurlopach").  ``GLUED_WORDS`` lists each fix; the
   build fails if a fix no longer matches anything, so the list stays honest.
3. **Page furniture and footnotes** (page headers, page numbers, amendment
   footnotes, footnote numbers glued to codes such as "6001713)") are removed
   by rules in ``build_classification.clean_lines``.
4. **Combining characters**: the text mixes precomposed and decomposed Polish
   letters; the build normalises to NFC.
"""

# (kind, first code of the block) -> names in text order
COLUMN_BLOCKS: dict[tuple[str, str], tuple[str, ...]] = {
    # Dział 600, 60012-60095 (two runs of codes around one run of names).
    # "Drogi publiczne gminne" and "Funkcjonowanie dworców …" were glued to the
    # end of the previous chapter's explanation.
    ("chapter", "60012"): (
        "Generalna Dyrekcja Dróg Krajowych i Autostrad",
        "Drogi publiczne wojewódzkie",
        "Drogi publiczne powiatowe",
        "Drogi publiczne w miastach na prawach powiatu",
        "Drogi publiczne gminne",
        "Drogi wewnętrzne",
        "Działalność Rządowego Funduszu Rozwoju Dróg",
        "Płatne parkowanie",
        "Funkcjonowanie przystanków komunikacyjnych",
        "Funkcjonowanie dworców i węzłów przesiadkowych",
        "Funkcjonowanie systemów rowerów publicznych",
        "Przejścia graniczne",
        "Infrastruktura portowa",
        "Urzędy żeglugi śródlądowej",
        "Urzędy morskie",
        "Ratownictwo morskie",
        "Operatorzy pocztowi",
        "Urząd Komunikacji Elektronicznej",
        "Zadania w zakresie telekomunikacji",
        "Infrastruktura telekomunikacyjna",
        "Inspekcja Transportu Drogowego",
        "Urząd Lotnictwa Cywilnego",
        "Fundusz Żeglugi Śródlądowej i Fundusz Rezerwowy",
        "Polska Agencja Żeglugi Powietrznej",
        "Usuwanie skutków klęsk żywiołowych",
        "Pomoc zagraniczna",
        "Działalność badawczo-rozwojowa",
        "Pozostała działalność",
    ),
    # Dział 751, 75109-75195.
    ("chapter", "75109"): (
        "Wybory do rad gmin, rad powiatów i sejmików województw, wybory wójtów, burmistrzów "
        "i prezydentów miast oraz referenda gminne, powiatowe i wojewódzkie",
        "Referenda ogólnokrajowe i konstytucyjne",
        "Biuro Polityki Międzynarodowej",
        "Jednostki podległe Instytutowi Pamięci Narodowej – Komisji Ścigania Zbrodni "
        "przeciwko Narodowi Polskiemu",
        "Wybory do Parlamentu Europejskiego",
        "Działalność Izby Dyscyplinarnej Sądu Najwyższego",
        "Usuwanie skutków klęsk żywiołowych",
        "Pomoc zagraniczna",
        "Działalność badawczo-rozwojowa",
        "Pozostała działalność",
    ),
    # Dział 752, 75201-75295; three and two names shared one line each.
    ("chapter", "75201"): (
        "Wojska Lądowe",
        "Siły Powietrzne",
        "Marynarka Wojenna",
        "Centralne wsparcie",
        "Jednostki organizacyjne prokuratury powszechnej właściwe w sprawach wojskowych",
        "Wojska Obrony Terytorialnej",
        "Żandarmeria Wojskowa",
        "Duszpasterstwa Wojskowe",
        "Cyberbezpieczeństwo i wsparcie kryptologiczne",
        "Pozostałe wydatki obronne",
        "Dowodzenie i kierowanie Siłami Zbrojnymi Rzeczypospolitej Polskiej",
        "Wykonywanie funkcji Państwa Gospodarza (HNS)",
        "Zadania związane z utrzymaniem w czasie pokoju mocy produkcyjnych lub remontowych "
        "niezbędnych do realizacji zadań wynikających z Programu Mobilizacji Gospodarki",
        "Wojskowe Misje Pokojowe",
        "Służba Wywiadu Wojskowego",
        "Służba Kontrwywiadu Wojskowego",
        "Wojska Specjalne",
        "Zabezpieczenie wojsk",
        "Projekty badawcze i celowe w dziedzinie obronności",
        "Agencja Mienia Wojskowego",
        "Usuwanie skutków klęsk żywiołowych",
        "Pomoc zagraniczna",
        "Działalność badawczo-rozwojowa",
        "Pozostała działalność",
    ),
    # Dział 754, 75401-75495; the first six names shared one line.
    ("chapter", "75401"): (
        "Centralne Biuro Śledcze Policji",
        "Komenda Główna Policji",
        "Jednostki terenowe Policji",
        "Komendy wojewódzkie Policji",
        "Komendy powiatowe Policji",
        "Straż Graniczna",
        "Działalność Służby Ochrony Państwa",
        "Komenda Główna Państwowej Straży Pożarnej",
        "Komendy wojewódzkie Państwowej Straży Pożarnej",
        "Komendy powiatowe Państwowej Straży Pożarnej",
        "Ochotnicze straże pożarne",
        "Pozostałe jednostki ochrony przeciwpożarowej",
        "Obrona cywilna",
        "Zadania ratownictwa górskiego i wodnego",
        "Straż gminna (miejska)",
        "Organizacja Traktatu Północnoatlantyckiego",
        "Agencja Bezpieczeństwa Wewnętrznego",
        "Agencja Wywiadu",
        "Centralne Biuro Antykorupcyjne",
        "Zarządzanie kryzysowe",
        "Krajowe Biuro Informacji i Poszukiwań Polskiego Czerwonego Krzyża",
        "Usuwanie skutków klęsk żywiołowych",
        "Pomoc zagraniczna",
        "Działalność badawczo-rozwojowa",
        "Pozostała działalność",
    ),
    # Dział 756, 75616-75661 (three runs of codes); "Rozliczenia z tytułu
    # niewykorzystanej ulgi …" was glued to the end of 75656's explanation and
    # "Zwroty podatku …" ran into its own explanation ("Kwoty ujmowane …").
    ("chapter", "75616"): (
        "Wpływy z podatku rolnego, podatku leśnego, podatku od spadków i darowizn, podatku od "
        "czynności cywilnoprawnych oraz podatków i opłat lokalnych od osób fizycznych",
        "Wpływy z innych podatków od innych jednostek (poza wymienionymi w wyodrębnionych "
        "rozdziałach)",
        "Wpływy z innych opłat stanowiących dochody jednostek samorządu terytorialnego na "
        "podstawie ustaw",
        "Wpływy z różnych rozliczeń",
        "Wpływy z rozliczeń jednostek budżetowych z tytułu potrąceń",
        "Udziały gmin w podatkach stanowiących dochód budżetu państwa",
        "Udziały powiatów w podatkach stanowiących dochód budżetu państwa",
        "Udziały województw w podatkach stanowiących dochód budżetu państwa",
        "Dywidendy",
        "Wpływy z podatku akcyzowego od energii elektrycznej",
        "Wpływy z podatku akcyzowego od paliw opałowych (z wyłączeniem wyrobów węglowych i "
        "wyrobów gazowych)",
        "Wpływy z podatku akcyzowego od gazu do napędu silników spalinowych",
        "Wpływy z podatku akcyzowego od preparatów smarowych, olejów smarowych i pozostałych "
        "olejów",
        "Wpływy z podatku akcyzowego od wyrobów węglowych",
        "Wpływy z podatku od wydobycia niektórych kopalin",
        "Wpływy z podatku akcyzowego od suszu tytoniowego",
        "Wpływy z podatku akcyzowego od wyrobów gazowych (z wyłączeniem gazu do napędu "
        "silników spalinowych)",
        "Wpływy z podatku dochodowego od osób prawnych od dochodów zagranicznej jednostki "
        "kontrolowanej",
        "Udziały związków metropolitalnych w podatku dochodowym od osób fizycznych",
        "Wpływy z podatku akcyzowego od płynu do papierosów elektronicznych",
        "Wpływy z podatku akcyzowego od wyrobów nowatorskich",
        "Wpływy z podatku dochodowego od osób prawnych od dochodów z niezrealizowanych zysków",
        "Dochody ze zbycia praw do spółki nieruchomościowej z tytułu wpłat dokonanych przez "
        "płatnika",
        "Wpłaty z podatku od towarów i usług od importu towarów rozliczane przez urzędy "
        "celno-skarbowe",
        "Wpłaty ze zryczałtowanego podatku od towarów i usług rozliczane przez urzędy skarbowe "
        "od usług taksówek osobowych",
        "Wpłaty z podatku od towarów i usług rozliczane przez urzędy skarbowe jako dodatkowe "
        "zobowiązanie podatkowe z tytułu nieprawidłowości popełnianych przez podatnika przy "
        "rozliczaniu podatku (sankcje)",
        "Pozostałe wpłaty z podatku od towarów i usług rozliczane przez urzędy skarbowe",
        "Zwroty podatku od towarów i usług rozliczane przez urzędy skarbowe",
        "Rozliczenia w podatku od towarów i usług z tytułu kas rejestrujących",
        "Zwroty osobom fizycznym niektórych wydatków związanych z budownictwem mieszkaniowym",
        "Podatek dochodowy od osób fizycznych przekazany przez urzędy skarbowe na rzecz "
        "organizacji pożytku publicznego",
        "Rozliczenia z tytułu niewykorzystanej ulgi na dzieci w podatku dochodowym od osób "
        "fizycznych",
        "Wpłaty podatku od towarów i usług w przypadku wewnątrzwspólnotowego nabycia paliw "
        "silnikowych",
        "Wpłaty z podatku od towarów i usług w przypadku procedury szczególnej – schemat unijny",
        "Wpłaty z podatku od towarów i usług w przypadku procedury szczególnej – schemat nieunijny",
        "Wpłaty z podatku od towarów i usług w przypadku procedury szczególnej – schemat importu",
    ),
    # Dział 758, 75801-75864; "Rozliczenia między jednostkami …" was glued to
    # the end of 75808's explanation.
    ("chapter", "75801"): (
        "Część oświatowa subwencji ogólnej dla jednostek samorządu terytorialnego",
        "Uzupełnienie subwencji ogólnej dla jednostek samorządu terytorialnego",
        "Część wyrównawcza subwencji ogólnej dla powiatów",
        "Część wyrównawcza subwencji ogólnej dla województw",
        "Część rekompensująca subwencji ogólnej dla gmin",
        "Część wyrównawcza subwencji ogólnej dla gmin",
        "Rozliczenia wpływów z podatków od dochodów osiąganych z działalności gospodarczej "
        "prowadzonej na terenie specjalnych stref ekonomicznych w części podlegającej "
        "przekazaniu na rachunek Funduszu Strefowego",
        "Rozliczenia między jednostkami samorządu terytorialnego",
        "Uzupełnienie funduszy statutowych banków państwowych i innych instytucji finansowych",
        "Rozliczenia z tytułu rachunków clearingowych, barterowych i specjalnych oraz różnice "
        "kooficjentowe",
        "Rozliczenia z międzynarodowymi organizacjami finansowymi",
        "Różne rozliczenia finansowe",
        "Wpływy do wyjaśnienia",
        "Wpływy do rozliczenia",
        "Ogólna rezerwa budżetowa Rady Ministrów",
        "Rezerwy ogólne i celowe",
        "Rezerwa subwencji ogólnej dla województw",
        "Prywatyzacja",
        "Komisja Nadzoru Finansowego",
        "Fundusz Kościelny",
        "Partie polityczne i komitety wyborcze (wyborców)",
        "Część równoważąca subwencji ogólnej dla gmin",
        "Część równoważąca subwencji ogólnej dla powiatów",
        "Część regionalna subwencji ogólnej dla województw",
        "Rozliczenia z budżetem ogólnym Unii Europejskiej z tytułu środków własnych",
        "Euroregiony",
        "Regionalne Programy Operacyjne 2007–2013",
        "Program Operacyjny Kapitał Ludzki",
        "Regionalne Programy Operacyjne 2014–2020 finansowane z udziałem środków Europejskiego "
        "Funduszu Rozwoju Regionalnego",
        "Regionalne Programy Operacyjne 2014–2020 finansowane z udziałem środków Europejskiego "
        "Funduszu Społecznego",
    ),
    # Dział 851, 85111-85195; the first three names shared one line.
    ("chapter", "85111"): (
        "Szpitale ogólne",
        "Szpitale kliniczne",
        "Sanatoria",
        "Profilaktyczne domy zdrowia",
        "Zakłady opiekuńczo-lecznicze i pielęgnacyjno-opiekuńcze",
        "Szpitale uzdrowiskowe",
        "Leczenie sanatoryjno-klimatyczne",
        "Lecznictwo psychiatryczne",
        "Lecznictwo ambulatoryjne",
        "Lecznictwo stomatologiczne",
        "Inspekcja Sanitarna",
        "Inspekcja Farmaceutyczna",
        "Inspekcja do Spraw Substancji Chemicznych",
        "Narodowy Fundusz Zdrowia",
        "Urząd Rejestracji Produktów Leczniczych, Wyrobów Medycznych i Produktów Biobójczych",
        "Ratownictwo medyczne",
        "Kolumny transportu sanitarnego",
        "Publiczna służba krwi",
        "System Wspomagania Dowodzenia Państwowego Ratownictwa Medycznego",
        "Działalność dyspozytorni medycznych",
        "Centra zdrowia publicznego",
        "Medycyna pracy",
        "Programy polityki zdrowotnej",
        "Świadczenia wysokospecjalistyczne",
        "Zapobieganie i zwalczanie AIDS",
        "Zwalczanie narkomanii",
        "Przeciwdziałanie alkoholizmowi",
        "Składki na ubezpieczenie zdrowotne oraz świadczenia dla osób nieobjętych obowiązkiem "
        "ubezpieczenia zdrowotnego",
        "Staże i specjalizacje medyczne",
        "Izby wytrzeźwień",
        "Usuwanie skutków klęsk żywiołowych",
        "Pomoc zagraniczna",
        "Działalność badawczo-rozwojowa",
        "Pozostała działalność",
    ),
    # Dział 852, 85214-85295 (85202-85213 are clean lines).
    ("chapter", "85214"): (
        "Zasiłki okresowe, celowe i pomoc w naturze oraz składki na ubezpieczenia emerytalne "
        "i rentowe",
        "Dodatki mieszkaniowe",
        "Zasiłki stałe",
        "Regionalne ośrodki polityki społecznej",
        "Powiatowe centra pomocy rodzinie",
        "Ośrodki pomocy społecznej",
        "Jednostki specjalistycznego poradnictwa, mieszkania chronione i ośrodki interwencji "
        "kryzysowej",
        "Usługi opiekuńcze i specjalistyczne usługi opiekuńcze",
        "Pomoc w zakresie dożywiania",
        "Pomoc dla cudzoziemców",
        "Centra integracji społecznej",
        "Usuwanie skutków klęsk żywiołowych",
        "Pomoc zagraniczna",
        "Działalność badawczo-rozwojowa",
        "Pozostała działalność",
    ),
    # Dział 853, 85311-85395.
    ("chapter", "85311"): (
        "Rehabilitacja zawodowa i społeczna osób niepełnosprawnych",
        "Zespoły do spraw orzekania o niepełnosprawności",
        "Fundusz Pracy",
        "Państwowy Fundusz Kombatantów",
        "Państwowy Fundusz Rehabilitacji Osób Niepełnosprawnych",
        "Fundusz Gwarantowanych Świadczeń Pracowniczych",
        "Fundusz Solidarnościowy",
        "Specjalistyczne ośrodki szkoleniowo-rehabilitacyjne",
        "Opieka i pomoc dla Polonii i Polaków za granicą",
        "Wojewódzkie urzędy pracy",
        "Powiatowe urzędy pracy",
        "Pomoc dla repatriantów",
        "Refundacja ulg dla inwalidów wojennych i wojskowych z tytułu ubezpieczenia OC i AC",
        "Ochotnicze Hufce Pracy",
        "Renta socjalna",
        "Usuwanie skutków klęsk żywiołowych",
        "Pomoc zagraniczna",
        "Działalność badawczo-rozwojowa",
        "Pozostała działalność",
    ),
    # Dział 854, 85401-85495; 85401 is repealed ("(uchylony)").
    ("chapter", "85401"): (
        "(uchylony)",
        "Specjalne ośrodki wychowawcze",
        "Specjalne ośrodki szkolno-wychowawcze",
        "Wczesne wspomaganie rozwoju dziecka",
        "Poradnie psychologiczno-pedagogiczne, w tym poradnie specjalistyczne",
        "Placówki wychowania pozaszkolnego",
        "Internaty i bursy szkolne",
        "Domy wczasów dziecięcych",
        "Kolonie i obozy oraz inne formy wypoczynku dzieci i młodzieży szkolnej, a także "
        "szkolenia młodzieży",
        "Kolonie i obozy dla młodzieży polonijnej w kraju",
        "Pomoc materialna dla uczniów o charakterze socjalnym",
        "Pomoc materialna dla uczniów o charakterze motywacyjnym",
        "Szkolne schroniska młodzieżowe",
        "Przeciwdziałanie i ograniczanie skutków patologii społecznej",
        "Ośrodki rewalidacyjno-wychowawcze",
        "Młodzieżowe ośrodki wychowawcze",
        "Młodzieżowe ośrodki socjoterapii",
        "Dokształcanie i doskonalenie nauczycieli",
        "Usuwanie skutków klęsk żywiołowych",
        "Pomoc zagraniczna",
        "Działalność badawczo-rozwojowa",
        "Pozostała działalność",
    ),
    # Dział 855, 85511-85595 (85501-85510 are clean lines).
    ("chapter", "85511"): (
        "Składki na ubezpieczenia społeczne, w tym za osoby przebywające na urlopach "
        "wychowawczych, za osoby pobierające zasiłek macierzyński oraz za osoby zatrudnione "
        "jako nianie",
        "Fundusz Alimentacyjny w likwidacji",
        "Składki na ubezpieczenie zdrowotne opłacane za osoby pobierające niektóre świadczenia "
        "rodzinne oraz za osoby pobierające zasiłki dla opiekunów",
        "Składki na ubezpieczenie zdrowotne opłacane za osoby przebywające naurlopach "
        "wychowawczych, za osoby zatrudnione jako nianie oraz za osoby sprawujące osobistą "
        "opiekę nad dzieckiem",
        "Koordynacja systemów zabezpieczenia społecznego w obszarze świadczeń rodzinnych oraz "
        "świadczenia wychowawczego",
        "System opieki nad dziećmi w wieku do lat 3",
        "Usuwanie skutków klęsk żywiołowych",
        "Pozostała działalność",
    ),
    # Dział 921, 92101-92195 (whole section in two columns).
    ("chapter", "92101"): (
        "Instytucje kinematografii",
        "Polski Instytut Sztuki Filmowej",
        "Zadania w zakresie kinematografii",
        "Działalność radiowa i telewizyjna",
        "Pozostałe zadania w zakresie kultury",
        "Teatry",
        "Filharmonie, orkiestry, chóry i kapele",
        "Domy i ośrodki kultury, świetlice i kluby",
        "Galerie i biura wystaw artystycznych",
        "Centra kultury i sztuki",
        "Pozostałe instytucje kultury",
        "Polska Agencja Prasowa",
        "Biblioteki",
        "Archiwa",
        "Muzea",
        "Ośrodki ochrony i dokumentacji zabytków",
        "Ochrona zabytków i opieka nad zabytkami",
        "Wojewódzkie Urzędy Ochrony Zabytków",
        "Narodowy Fundusz Rewaloryzacji Zabytków Krakowa",
        "Centrum Polsko-Rosyjskiego Dialogu i Porozumienia",
        "Działalność dotycząca miejsc pamięci narodowej oraz ochrony pamięci walk i męczeństwa",
        "Działalność dotycząca miejsc pamięci narodowej oraz ochrony pamięci walk i męczeństwa "
        "realizowana przez jednostki podległe Instytutowi Pamięci Narodowej – Komisji Ścigania "
        "Zbrodni przeciwko Narodowi Polskiemu",
        "Usuwanie skutków klęsk żywiołowych",
        "Pomoc zagraniczna",
        "Działalność badawczo-rozwojowa",
        "Pozostała działalność",
    ),
    # Dział 925, 92579-92595 (after a page break).
    ("chapter", "92579"): (
        "Pomoc zagraniczna",
        "Działalność badawczo-rozwojowa",
        "Pozostała działalność",
    ),
    # Annex 3, revenue paragraphs 004-027.
    ("paragraph", "004"): (
        "Wpływy z podatku dochodowego od osób fizycznych z odpłatnego zbycia papierów "
        "wartościowych, pochodnych instrumentów finansowych orazzaliczki na podatek z tytułu "
        "zbycia praw do spółki nieruchomościowej",
        "Wpływy z podatku od gier",
        "Wpływy z cła",
        "Wpływy z podatku tonażowego",
        "Wpływy ze zryczałtowanego podatku od wartości sprzedanej produkcji w zakresie budowy "
        "lub przebudowy statku",
        "Wpływy z podatku akcyzowego od wyrobów nabytych wewnątrzwspólnotowo",
        "Wpływy z podatku akcyzowego od wyrobów akcyzowych w kraju",
        "Wpływy z podatku akcyzowego od wyrobów akcyzowych importowanych",
        "Wpływy z opłaty restrukturyzacyjnej",
        "Wpływy z podatku od towarów i usług",
        "Wpływy z podatku od wydobycia niektórych kopalin w zakresie miedzi i srebra",
        "Specjalny podatek węglowodorowy",
        "Wpływy z podatku dochodowego od osób fizycznych od dochodów z niezrealizowanych zysków",
        "Wpływy z podatku dochodowego od osób fizycznych od dochodów zagranicznej jednostki "
        "kontrolowanej",
        "Wpływy z podatku od niektórych instytucji finansowych",
        "Wpływy z podatku od wydobycia niektórych kopalin w zakresie ropy naftowej lub gazu "
        "ziemnego",
        "Wpływy z podatku od sprzedaży detalicznej",
        "Wpływy z opłaty recyklingowej",
        "Danina solidarnościowa",
        "Wpływy z opłaty od środków spożywczych",
        "Wpływy z części opłaty za zezwolenie na sprzedaż napojów alkoholowych w obrocie hurtowym",
    ),
    # Annex 3, revenue paragraphs 609-626 (two runs of codes).
    ("paragraph", "609"): (
        "Środki z Funduszu Przeciwdziałania COVID-19 na finansowanie lub dofinansowanie "
        "kosztów realizacji inwestycji i zakupów inwestycyjnych związanych z przeciwdziałaniem "
        "COVID-19",
        "Dofinansowanie ze środków Rządowego Funduszu Inwestycji Lokalnych",
        "Wpłaty od jednostek na państwowy fundusz celowy na finansowanie lub dofinansowanie "
        "zadań inwestycyjnych",
        "Środki na inwestycje na drogach publicznych powiatowych i wojewódzkich oraz na "
        "drogach powiatowych, wojewódzkich i krajowych w granicach miast na prawach powiatu",
        "Dotacja celowa w ramach programów finansowanych z udziałem środków europejskich oraz "
        "środków, o których mowa w art. 5 ust. 1 pkt 3 oraz ust. 3 pkt 5 i 6 ustawy, lub "
        "płatności w ramach budżetu środków europejskich, z wyłączeniem dochodów "
        "klasyfikowanych w paragrafie 625",
        "Dotacja celowa otrzymana z budżetu na finansowanie lub dofinansowanie kosztów "
        "realizacji inwestycji i zakupów inwestycyjnych samorządowych zakładów budżetowych",
        "Dotacja celowa otrzymana z budżetu na finansowanie i dofinansowanie kosztów "
        "realizacji inwestycji i zakupów inwestycyjnych innych jednostek sektora finansów "
        "publicznych",
        "Dotacja celowa w ramach programów finansowanych z udziałem środków europejskich oraz "
        "środków, o których mowa w art. 5 ust. 3 pkt 5 lit. a i b ustawy, lub płatności "
        "w ramach budżetu środków europejskich, realizowanych przez jednostki samorządu "
        "terytorialnego",
        "Dotacja otrzymana z państwowego funduszu celowego na finansowanie lub dofinansowanie "
        "kosztów realizacji inwestycji i zakupów inwestycyjnych jednostek sektora finansów "
        "publicznych",
    ),
}

# Words that lost their space in the extraction: glued -> fixed.
GLUED_WORDS: dict[str, str] = {
    "dlasamorządowego": "dla samorządowego",  # § 241 (expenditure)
    "dosektora": "do sektora",  # § 075 (revenue)
    "dozryczałtowanej": "do zryczałtowanej",  # § 644 (revenue and expenditure)
    "imetod": "i metod",  # chapter 80152
    "lubdofinansowanie": "lub dofinansowanie",  # § 218 (revenue)
    "nafinansowanie": "na finansowanie",  # § 266 (expenditure)
    "nainwestycje": "na inwestycje",  # § 664 (expenditure)
    "naurlopach": "na urlopach",  # chapter 85514
    "orazzaliczki": "oraz zaliczki",  # § 004 (revenue)
    "przezSkarb": "przez Skarb",  # § 493 (expenditure)
    "wwysokości": "w wysokości",  # chapter 75604
    "zzakresu": "z zakresu",  # § 206 (revenue and expenditure)
}

ZERO_DIGIT_NOTE = (
    "Annexes 3 and 4: 'Czwartą cyfrą jest zero lub niżej wymieniona odpowiednia cyfra' - "
    "the regulation gives the digit 0 no name of its own; it marks amounts not tied to "
    "the sources 1-9."
)
