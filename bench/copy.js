/**
 * Generated wire copy in five languages for bench/search: each story's words drawn from its
 * language's vocabulary with Zipf-like frequencies (the k-th most common word about k times rarer
 * than the first), so that a common word is in a large share of the archive and a rare one in a
 * handful of stories, as in real copy. Each vocabulary is, most common first: the language's
 * function words, its news words and set phrases ("central bank", "Bundesregierung") written out
 * here, then a long tail of made-up words built from the language's syllables and endings (the
 * names, terms and compounds a real archive holds a few times each). Names, places and numbers
 * are mixed in. Lengths: log-normal around 400 words, 150 to 900. Pure and seeded: the same
 * `rand` gives the same stories.
 */
'use strict';

/** The mix of languages (shares of the archive), and the agencies that send each. */
const LANGUAGES = [
  { code: 'en', share: 0.6, agencies: [0, 1, 2, 3] },
  { code: 'de', share: 0.15, agencies: [4, 0] },
  { code: 'fr', share: 0.1, agencies: [5, 0] },
  { code: 'es', share: 0.1, agencies: [6, 1] },
  { code: 'it', share: 0.05, agencies: [7, 1] },
];
const AGENCIES = [
  { code: 'USPA', name: 'USPA News', homepage: 'https://uspa.example.test' },
  { code: 'NWA', name: 'Northern Wire Agency', homepage: 'https://nwa.example.test' },
  { code: 'CPS', name: 'Coastal Press Service', homepage: 'https://cps.example.test' },
  { code: 'MDN', name: 'Metro Desk News', homepage: 'https://mdn.example.test' },
  { code: 'DNA', name: 'Deutsche Nachrichtenagentur', homepage: 'https://dna.example.test' },
  { code: 'APF', name: 'Agence de presse francophone', homepage: 'https://apf.example.test' },
  { code: 'AIE', name: 'Agencia Informativa Española', homepage: 'https://aie.example.test' },
  { code: 'ANI', name: 'Agenzia Notizie Italiane', homepage: 'https://ani.example.test' },
];
const SECTIONS = ['Politics', 'Business', 'World', 'Sport', 'Culture', 'Science', 'Transport', 'Weather'];
const SECTION_SHARE = [0.24, 0.22, 0.16, 0.14, 0.08, 0.06, 0.06, 0.04];
/** Urgency 1 (flash) to 8: most copy is routine. */
const URGENCY_SHARE = [0.005, 0.02, 0.075, 0.3, 0.35, 0.15, 0.07, 0.03];

const w = (s) => s.trim().split(/\s+/);
const VOCAB = {
  en: {
    function: w(`the of and to a in that is for on said it with was as by at from he be has have an are
      its will which not this but were after they had also been would who more their than about over
      up could new two there into other year last or first one her says all before some can most while`),
    news: w(`government minister police president people percent country week city state million
      company market prices election party court officials report workers union strike talks deal
      budget tax economy growth inflation bank rates shares investors trade exports energy gas oil
      power climate weather storm flooding drought fire hospital health patients doctors schools
      students teachers university research scientists study data water transport rail trains
      airport flights harbour port ships border security army troops ceasefire peace protest
      demonstrators parliament vote law bill reform council mayor housing rents construction
      contract cost billion jobs unemployment wages pensions retirement league match season coach
      players goal championship final festival film music museum exhibition author novel award
      technology software internet phone network cyber attack investigation prosecutors trial
      judge sentence prison victims families children women men village region capital coast
      mountains river bridge road motorway traffic accident emergency rescue spokesperson
      statement interview agreement negotiations sanctions summit leaders alliance coalition
      opposition campaign candidate poll results turnout referendum treaty minister's crisis
      shortage supply demand consumers retail sales profits losses merger takeover regulator
      fine ban rules safety inspection farmers harvest wheat food aid refugees migrants asylum`),
    phrases: [
      'prime minister',
      'central bank',
      'interest rates',
      'trade union',
      'climate change',
      'stock market',
      'foreign minister',
      'supreme court',
      'public transport',
      'energy prices',
      'health service',
      'city council',
      'peace talks',
      'general election',
      'finance minister',
    ],
    syllables: w(
      'ba be bi bo ca co da de di do fa fe fi ga go ha he ho la le li lo ma me mi mo na ne no pa pe po ra re ri ro sa se si so ta te ti to va ve wa we',
    ),
    endings: w('ton ley ford ing er ell son wick more ham ridge field ment ness ity ism ist al ure ard'),
  },
  de: {
    function: w(`der die und in den von zu das mit sich des auf für ist im dem nicht ein eine als auch es
      an werden aus er hat dass sie nach wird bei einer um am sind noch wie einem über einen so zum
      war haben nur oder aber vor zur bis mehr durch man sein wurde sei`),
    news: w(`Regierung Minister Polizei Präsident Menschen Prozent Land Woche Stadt Millionen
      Unternehmen Markt Preise Wahl Partei Gericht Bericht Beschäftigte Gewerkschaft Streik
      Verhandlungen Haushalt Steuern Wirtschaft Wachstum Inflation Bank Zinsen Aktien Anleger
      Handel Exporte Energie Gas Strom Klima Wetter Sturm Hochwasser Dürre Feuer Krankenhaus
      Gesundheit Patienten Ärzte Schulen Studenten Lehrer Universität Forschung Wissenschaftler
      Studie Wasser Verkehr Bahn Züge Flughafen Flüge Hafen Häfen Schiffe Grenze Sicherheit
      Bundeswehr Soldaten Waffenruhe Frieden Protest Demonstranten Bundestag Abstimmung Gesetz
      Reform Bürgermeister Wohnungen Mieten Bau Vertrag Kosten Milliarden Arbeitsplätze
      Arbeitslosigkeit Löhne Renten Bundesliga Spiel Saison Trainer Spieler Tor Meisterschaft
      Finale Festival Film Musik Museum Ausstellung Autor Roman Preis Technik Software Internet
      Netz Angriff Ermittlungen Staatsanwaltschaft Prozess Richter Urteil Gefängnis Opfer
      Familien Kinder Frauen Männer Dorf Region Hauptstadt Küste Berge Fluss Brücke Straße
      Autobahn Stau Unfall Einsatz Rettung Sprecher Erklärung Interview Einigung Gespräche
      Sanktionen Gipfel Bündnis Koalition Opposition Wahlkampf Kandidat Umfrage Ergebnis
      Krise Mangel Angebot Nachfrage Verbraucher Umsatz Gewinn Verlust Fusion Übernahme Behörde
      Strafe Verbot Regeln Landwirte Ernte Weizen Lebensmittel Hilfe Flüchtlinge Asyl`),
    phrases: [
      'Europäische Zentralbank',
      'Deutsche Bahn',
      'erneuerbare Energien',
      'öffentlicher Nahverkehr',
      'Olaf Scholz',
      'Bundesregierung',
      'Landtag',
      'Tarifverhandlungen',
      'Klimawandel',
      'Wirtschaftsminister',
    ],
    syllables: w(
      'ba be bi bo da de di do fa fe fi ga ge gi ha he hi ka ke ki ko la le li lo ma me mi na ne ni pa pe ra re ri ro sa se si so ta te ti to wa we wi za ze zu schu stra',
    ),
    endings: w('ung keit heit schaft berg burg dorf hausen feld stein mann ler ner lich isch werk amt'),
  },
  fr: {
    function: w(`de la le et les des à en un une du est que pour dans qui par sur au pas il a plus ne se
      avec ce sont été être aux son sa ses ont mais comme elle cette ou leur nous fait selon après
      deux entre sans depuis tout très lors`),
    news: w(`gouvernement ministre police président personnes pourcent pays semaine ville millions
      entreprise marché prix élection parti tribunal rapport salariés syndicat grève négociations
      budget impôts économie croissance inflation banque taux actions investisseurs commerce
      exportations énergie gaz électricité climat météo tempête inondations sécheresse incendie
      hôpital santé patients médecins écoles étudiants enseignants université recherche
      chercheurs étude eau transports train gare aéroport vols port navires frontière sécurité
      armée soldats cessez-le-feu paix manifestation manifestants assemblée vote loi réforme
      maire logement loyers chantier contrat coût milliards emplois chômage salaires retraites
      championnat match saison entraîneur joueurs but finale festival cinéma musique musée
      exposition auteur roman prix numérique logiciel internet réseau attaque enquête parquet
      procès juge peine prison victimes familles enfants femmes hommes village région capitale
      côte montagne fleuve pont route autoroute circulation accident secours porte-parole
      déclaration accord sanctions sommet alliance coalition opposition campagne candidat
      sondage résultats crise pénurie offre demande consommateurs ventes bénéfices pertes
      fusion rachat autorité amende interdiction règles agriculteurs récolte blé aide réfugiés`),
    phrases: [
      'premier ministre',
      'banque centrale',
      'taux directeurs',
      'réforme des retraites',
      'changement climatique',
      'Assemblée nationale',
      'Emmanuel Macron',
      'transports en commun',
    ],
    syllables: w(
      'ba be bi bo ca ce co da de di do fa fe fi ga gi la le li lo ma me mi mo na ne no pa pe po ra re ri ro sa se si ta te ti va ve vi',
    ),
    endings: w('tion ment eur ité ique age ette oir ville court mont ard ais ier elle'),
  },
  es: {
    function: w(`de la que el en y a los del se las por un para con no una su al lo como más pero sus le
      ya o este ha sí porque esta entre cuando muy sin sobre también me hasta hay donde han desde
      todo nos durante según tras dos`),
    news: w(`gobierno ministro policía presidente personas ciento país semana ciudad millones
      empresa mercado precios elecciones partido tribunal informe trabajadores sindicato huelga
      negociaciones presupuesto impuestos economía crecimiento inflación banco tipos acciones
      inversores comercio exportaciones energía gas electricidad clima tiempo tormenta
      inundaciones sequía incendio hospital sanidad pacientes médicos escuelas estudiantes
      profesores universidad investigación científicos estudio agua transporte tren aeropuerto
      vuelos puerto barcos frontera seguridad ejército soldados alto paz protesta manifestantes
      congreso votación ley reforma alcalde vivienda alquileres obras contrato coste millones
      empleo paro salarios pensiones liga partido temporada entrenador jugadores gol final
      festival cine música museo exposición autor novela premio tecnología internet red ataque
      fiscalía juicio juez condena cárcel víctimas familias niños mujeres hombres pueblo región
      capital costa montaña río puente carretera autopista tráfico accidente rescate portavoz
      declaración acuerdo sanciones cumbre alianza coalición oposición campaña candidato
      encuesta resultados crisis escasez oferta demanda consumidores ventas beneficios pérdidas`),
    phrases: [
      'banco central',
      'tipos de interés',
      'Pedro Sánchez',
      'cambio climático',
      'Banco de España',
      'Unión Europea',
    ],
    syllables: w(
      'ba be bi bo ca ce co da de di do fa fe ga gi la le li lo ma me mi mo na ne no pa pe po ra re ri ro sa se si ta te ti va ve vi',
    ),
    endings: w('ción dad mente ero ista ado ida anza ez ejo illa ón ara'),
  },
  it: {
    function: w(`di e il la che a in un per è non una del i le si da con al sono della ha dei anche più
      come ma nel gli alla ci lo dopo tra delle suo sua essere stato questo nella tutti due secondo
      ancora oggi`),
    news: w(`governo ministro polizia presidente persone cento paese settimana città milioni azienda
      mercato prezzi elezioni partito tribunale rapporto lavoratori sindacato sciopero trattative
      bilancio tasse economia crescita inflazione banca tassi azioni investitori commercio
      esportazioni energia gas elettricità clima meteo tempesta alluvione siccità incendio
      ospedale sanità pazienti medici scuole studenti insegnanti università ricerca scienziati
      studio acqua trasporti treni aeroporto voli porto navi confine sicurezza esercito soldati
      tregua pace protesta manifestanti parlamento voto legge riforma sindaco case affitti
      cantiere contratto costo miliardi lavoro disoccupazione salari pensioni campionato partita
      stagione allenatore giocatori gol finale festival cinema musica museo mostra autore romanzo
      premio tecnologia internet rete attacco indagine procura processo giudice condanna carcere
      vittime famiglie bambini donne uomini paese regione capitale costa montagna fiume ponte
      strada autostrada traffico incidente soccorso portavoce dichiarazione accordo sanzioni`),
    phrases: ['Banca centrale europea', 'Giorgia Meloni', 'cambiamento climatico', 'trasporto pubblico'],
    syllables: w(
      'ba be bi bo ca ce co da de di do fa fe ga gi la le li lo ma me mi mo na ne no pa pe po ra re ri ro sa se si ta te ti va ve vi',
    ),
    endings: w('zione mente tà ista ore ato etto ezza ino ello ano ese'),
  },
};
const FIRST = w(
  'Anna Peter Maria Thomas Sofia Jan Laura Marco Elena Paul Julia David Clara Lukas Sara Luca Emma Pablo Lea Hugo',
);
const LAST = w(`Müller Schmidt Martin Bernard Garcia Rossi Russo Smith Jones Taylor Fischer Weber Dubois
  Moreau Lopez Fernandez Bianchi Romano Wilson Brown Meyer Wagner Laurent Ricci Navarro Ortega Keller`);
const PLACES = {
  en: w('LONDON WASHINGTON NEW-YORK MANCHESTER DUBLIN SYDNEY TORONTO CHICAGO EDINBURGH GLASGOW BOSTON'),
  de: w('BERLIN HAMBURG MÜNCHEN KÖLN FRANKFURT LEIPZIG DRESDEN BREMEN WIEN ZÜRICH STUTTGART'),
  fr: w('PARIS LYON MARSEILLE TOULOUSE BORDEAUX LILLE NANTES BRUXELLES GENÈVE STRASBOURG'),
  es: w('MADRID BARCELONA VALENCIA SEVILLA BILBAO MÁLAGA ZARAGOZA'),
  it: w('ROMA MILANO NAPOLI TORINO FIRENZE BOLOGNA VENEZIA GENOVA'),
};
const COUNTRY = { en: 'GB', de: 'DE', fr: 'FR', es: 'ES', it: 'IT' };
/** Made-up words at the end of each vocabulary. */
const TAIL = 20000;

/** Vose's alias table: a draw from `weights` in constant time. */
function aliasTable(weights) {
  const n = weights.length;
  const sum = weights.reduce((a, b) => a + b, 0);
  const prob = new Float64Array(n);
  const alias = new Uint32Array(n);
  const scaled = weights.map((x) => (x * n) / sum);
  const small = [];
  const large = [];
  scaled.forEach((p, i) => (p < 1 ? small : large).push(i));
  while (small.length && large.length) {
    const s = small.pop();
    const l = large.pop();
    prob[s] = scaled[s];
    alias[s] = l;
    scaled[l] = scaled[l] + scaled[s] - 1;
    (scaled[l] < 1 ? small : large).push(l);
  }
  for (const i of large.concat(small)) prob[i] = 1;
  return (rand) => {
    const i = Math.floor(rand() * n);
    return rand() < prob[i] ? i : alias[i];
  };
}

/** The language's made-up words, two or three syllables and an ending each, all different. */
function tail(v, rand, count) {
  const out = new Set();
  const one = (list) => list[Math.floor(rand() * list.length)];
  while (out.size < count) {
    const parts = 1 + Math.floor(rand() * 2);
    let word = '';
    for (let k = 0; k < parts; k += 1) word += one(v.syllables);
    out.add(word + one(v.endings));
  }
  return [...out];
}

/**
 * Each language's vocabulary, most common first: function words, news words with the set phrases
 * among them, the made-up tail; and a draw by Zipf's law (weight 1 / (rank + 2)).
 */
function vocabularies(rand) {
  const out = {};
  for (const { code } of LANGUAGES) {
    const v = VOCAB[code];
    const news = [];
    // The set phrases are spread among the news words, from the 10th on, a phrase every 8 words.
    v.news.forEach((word, k) => {
      news.push(word);
      if (k >= 10 && k % 8 === 2 && v.phrases[(k - 10) >> 3]) news.push(v.phrases[(k - 10) >> 3]);
    });
    for (const p of v.phrases) if (!news.includes(p)) news.push(p);
    const words = [...v.function, ...news, ...tail(v, rand, TAIL)];
    const zipf = aliasTable(words.map((_, r) => 1 / (r + 2)));
    // Headlines, keywords: news words and the tail only, by the same law.
    const content = words.slice(v.function.length);
    const contentZipf = aliasTable(content.map((_, r) => 1 / (r + 2)));
    out[code] = {
      code,
      words,
      function: v.function,
      news,
      tail: words.slice(v.function.length + news.length),
      word: (r) => words[zipf(r)],
      content: (r) => content[contentZipf(r)],
      places: PLACES[code],
    };
  }
  return out;
}

const pick = (shares) => {
  const table = aliasTable(shares);
  return (rand) => table(rand);
};

/** A story generator: `story(i, rand)` as bench/fill.js takes it (`words`: how many it has). */
function wireCopy(seed = 1) {
  const { prng } = require('./fill');
  const vocab = vocabularies(prng(seed));
  const language = pick(LANGUAGES.map((l) => l.share));
  const section = pick(SECTION_SHARE);
  const urgency = pick(URGENCY_SHARE);
  const one = (list, rand) => list[Math.floor(rand() * list.length)];
  const cap = (s) => s.charAt(0).toUpperCase() + s.slice(1);
  // Log-normal length, median 400 words, 150 to 900.
  const length = (rand) => {
    const z = Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
    return Math.max(150, Math.min(900, Math.round(400 * Math.exp(0.42 * z))));
  };
  const sentence = (v, rand) => {
    const n = 8 + Math.floor(rand() * 20);
    const out = [];
    for (let k = 0; k < n; k += 1) {
      const r = rand();
      if (r < 0.025) out.push(`${one(FIRST, rand)} ${one(LAST, rand)}`);
      else if (r < 0.035) out.push(cap(one(v.places, rand).toLowerCase()));
      else if (r < 0.05) out.push(String(rand() < 0.3 ? 1990 + Math.floor(rand() * 37) : Math.floor(rand() * 1000)));
      else out.push(v.word(rand));
    }
    return `${cap(out.join(' '))}${rand() < 0.1 ? ',' : ''} ${rand() < 0.3 ? `${one(LAST, rand)} said.` : ''}`
      .trim()
      .replace(/([^.])$/, '$1.');
  };
  const story = (i, rand) => {
    const l = LANGUAGES[language(rand)];
    const v = vocab[l.code];
    const place = one(v.places, rand);
    const agency = l.agencies[rand() < 0.75 ? 0 : 1 + Math.floor(rand() * (l.agencies.length - 1))];
    const target = length(rand);
    const paragraphs = [];
    let words = 0;
    while (words < target) {
      const n = 1 + Math.floor(rand() * 3);
      let p = '';
      for (let k = 0; k < n; k += 1) p += (k ? ' ' : '') + sentence(v, rand);
      if (!paragraphs.length) p = `${place} (${AGENCIES[agency].name}) - ${p}`;
      paragraphs.push(p);
      words += p.split(' ').length;
    }
    const headlineWords = [];
    for (let k = 5 + Math.floor(rand() * 6); k > 0; k -= 1) headlineWords.push(v.content(rand));
    const s = SECTIONS[section(rand)];
    const keywords = [v.content(rand), v.content(rand)];
    return {
      headline: cap(headlineWords.join(' ')),
      section: s,
      paragraphs,
      place,
      country: COUNTRY[l.code],
      language: l.code,
      keywords,
      subjects: [
        { code: null, name: s },
        { code: null, name: v.content(rand) },
      ],
      urgency: 1 + urgency(rand),
      agency,
      words,
    };
  };
  // The vocabularies the stories are drawn from (bench/search draws its queries from them).
  story.vocab = vocab;
  return story;
}

module.exports = { AGENCIES, LANGUAGES, SECTIONS, VOCAB, vocabularies, wireCopy };
