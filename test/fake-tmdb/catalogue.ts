// The fake TMDB's catalogue: the project's own small, hand-written data (overviews in our words).
// The server (server.ts) builds TMDB-shaped bodies from it. Other tests refer to movies through
// `fakeMovies` (e.g. fakeMovies.inception.id) rather than repeating ids.

export interface FakeMovie {
  id: number;
  title: string;
  originalTitle?: string;
  originalLanguage?: string;
  /** "YYYY-MM-DD", or "" like TMDB for an unknown date. */
  releaseDate: string;
  genreIds: number[];
  directors: string[];
  /** Billing order: [name, character]. */
  cast: Array<[string, string]>;
  runtime: number;
  popularity: number;
  voteAverage: number;
  overview: string;
  /** Defaults to a made-up path; null like TMDB for a movie without poster. */
  posterPath?: string | null;
  recommendations: number[];
  /** Crew besides the directors, [name, job] (a director's other jobs, producers…). */
  crew?: Array<[string, string]>;
  /** Extra keys sent in every body of this movie: newer TMDB fields the client must tolerate. */
  extraFields?: Record<string, unknown>;
  /** Sent in the shape of old records: list items without genre_ids and popularity. */
  legacyShape?: boolean;
}

export const fakeGenres = [
  { id: 28, name: "Action" },
  { id: 12, name: "Adventure" },
  { id: 16, name: "Animation" },
  { id: 35, name: "Comedy" },
  { id: 80, name: "Crime" },
  { id: 99, name: "Documentary" },
  { id: 18, name: "Drama" },
  { id: 10751, name: "Family" },
  { id: 14, name: "Fantasy" },
  { id: 36, name: "History" },
  { id: 27, name: "Horror" },
  { id: 10402, name: "Music" },
  { id: 9648, name: "Mystery" },
  { id: 10749, name: "Romance" },
  { id: 878, name: "Science Fiction" },
  { id: 10770, name: "TV Movie" },
  { id: 53, name: "Thriller" },
  { id: 10752, name: "War" },
  { id: 37, name: "Western" },
];

/** People met in several movies keep one id (a person's id is derived from the name otherwise). */
const knownPeople: Record<string, number> = {
  "Christopher Nolan": 525,
  "Emma Thomas": 556,
  "Denis Villeneuve": 137427,
  "Lana Wachowski": 9340,
  "Lilly Wachowski": 9339,
  "Leonardo DiCaprio": 6193,
  "Michael Caine": 3895,
  "Christian Bale": 3894,
  "Cillian Murphy": 2037,
  "Tom Hardy": 2524,
  "Anne Hathaway": 1813,
  "Timothée Chalamet": 1190668,
  "Zendaya": 505710,
  "Rebecca Ferguson": 933238,
  "Josh Brolin": 16851,
  "Keanu Reeves": 6384,
  "Ridley Scott": 578,
  "Harrison Ford": 3,
  "Tom Hanks": 31,
  "Hayao Miyazaki": 608,
};

export function personId(name: string): number {
  const known = knownPeople[name];
  if (known) return known;
  let hash = 0;
  for (const char of name) hash = (hash * 31 + char.codePointAt(0)!) % 1_000_000;
  return 2_000_000 + hash;
}

const NOLAN = ["Christopher Nolan"];
const VILLENEUVE = ["Denis Villeneuve"];
const nolanCrew: Array<[string, string]> = [["Christopher Nolan", "Screenplay"], ["Emma Thomas", "Producer"]];

export const fakeMovieList: FakeMovie[] = [
  // Christopher Nolan
  {
    id: 27205, title: "Inception", releaseDate: "2010-07-15", genreIds: [28, 878, 12], directors: NOLAN,
    cast: [["Leonardo DiCaprio", "Cobb"], ["Joseph Gordon-Levitt", "Arthur"], ["Elliot Page", "Ariadne"], ["Tom Hardy", "Eames"], ["Ken Watanabe", "Saito"], ["Cillian Murphy", "Robert Fischer"], ["Marion Cotillard", "Mal"], ["Michael Caine", "Miles"]],
    runtime: 148, popularity: 63.263, voteAverage: 8.37, crew: nolanCrew,
    overview: "A thief who steals secrets from dreams is asked to plant an idea instead.",
    recommendations: [157336, 1124, 577922, 329865, 155, 603, 374720],
    extraFields: { softcore: false, origin_country: ["US", "GB"], imdb_id: "tt1375666" },
  },
  {
    id: 157336, title: "Interstellar", releaseDate: "2014-11-05", genreIds: [12, 18, 878], directors: NOLAN,
    cast: [["Matthew McConaughey", "Cooper"], ["Anne Hathaway", "Brand"], ["Jessica Chastain", "Murph"], ["Michael Caine", "Professor Brand"], ["Matt Damon", "Mann"]],
    runtime: 169, popularity: 98.5, voteAverage: 8.42, crew: nolanCrew,
    overview: "Explorers cross a wormhole to find humanity a new home.",
    recommendations: [27205, 329865, 155, 577922, 335984],
  },
  {
    id: 155, title: "The Dark Knight", releaseDate: "2008-07-16", genreIds: [18, 28, 80, 53], directors: NOLAN,
    cast: [["Christian Bale", "Bruce Wayne"], ["Heath Ledger", "Joker"], ["Aaron Eckhart", "Harvey Dent"], ["Michael Caine", "Alfred"], ["Maggie Gyllenhaal", "Rachel"], ["Gary Oldman", "Gordon"], ["Morgan Freeman", "Lucius Fox"], ["Nestor Carbonell", "Mayor"], ["Monique Gabriela Curnen", "Ramirez"], ["Ron Dean", "Wuertz"], ["Chin Han", "Lau"], ["Cillian Murphy", "Scarecrow"]],
    runtime: 152, popularity: 85.1, voteAverage: 8.5, crew: nolanCrew,
    overview: "Batman faces an anarchist who wants to watch Gotham burn.",
    recommendations: [272, 27205, 157336, 1124, 550],
  },
  {
    id: 272, title: "Batman Begins", releaseDate: "2005-06-10", genreIds: [28, 80, 18], directors: NOLAN,
    cast: [["Christian Bale", "Bruce Wayne"], ["Michael Caine", "Alfred"], ["Liam Neeson", "Ducard"], ["Cillian Murphy", "Scarecrow"]],
    runtime: 140, popularity: 40.2, voteAverage: 7.7, crew: nolanCrew,
    overview: "A young billionaire learns to fight fear and becomes Gotham's protector.",
    recommendations: [155, 1124, 27205],
  },
  {
    id: 577922, title: "Tenet", releaseDate: "2020-08-22", genreIds: [28, 53, 878], directors: NOLAN,
    cast: [["John David Washington", "The Protagonist"], ["Robert Pattinson", "Neil"], ["Elizabeth Debicki", "Kat"], ["Kenneth Branagh", "Sator"], ["Michael Caine", "Crosby"]],
    runtime: 150, popularity: 45.7, voteAverage: 7.2, crew: nolanCrew,
    overview: "An agent learns to move against the flow of time to stop a war.",
    recommendations: [27205, 157336, 374720, 872585],
  },
  {
    id: 374720, title: "Dunkirk", releaseDate: "2017-07-19", genreIds: [10752, 28, 18], directors: NOLAN,
    cast: [["Fionn Whitehead", "Tommy"], ["Tom Glynn-Carney", "Peter"], ["Tom Hardy", "Farrier"], ["Cillian Murphy", "Shivering Soldier"], ["Mark Rylance", "Mr. Dawson"]],
    runtime: 106, popularity: 30.4, voteAverage: 7.4, crew: nolanCrew,
    overview: "Soldiers trapped on a beach wait for rescue by land, sea and air.",
    recommendations: [872585, 577922, 157336],
  },
  {
    id: 1124, title: "The Prestige", releaseDate: "2006-10-17", genreIds: [18, 9648, 878], directors: NOLAN,
    cast: [["Hugh Jackman", "Robert Angier"], ["Christian Bale", "Alfred Borden"], ["Michael Caine", "Cutter"], ["Scarlett Johansson", "Olivia"], ["David Bowie", "Tesla"]],
    runtime: 130, popularity: 35.9, voteAverage: 8.2, crew: nolanCrew,
    overview: "Two rival magicians go too far to outdo each other.",
    recommendations: [27205, 77, 155, 550],
  },
  {
    id: 77, title: "Memento", releaseDate: "2000-10-11", genreIds: [9648, 53], directors: NOLAN,
    cast: [["Guy Pearce", "Leonard"], ["Carrie-Anne Moss", "Natalie"], ["Joe Pantoliano", "Teddy"]],
    runtime: 113, popularity: 22.8, voteAverage: 8.2, crew: nolanCrew,
    overview: "A man without short-term memory hunts his wife's killer with notes and tattoos.",
    recommendations: [1124, 27205, 550, 146233],
  },
  {
    id: 872585, title: "Oppenheimer", releaseDate: "2023-07-19", genreIds: [18, 36], directors: NOLAN,
    cast: [["Cillian Murphy", "J. Robert Oppenheimer"], ["Emily Blunt", "Kitty Oppenheimer"], ["Matt Damon", "Leslie Groves"], ["Robert Downey Jr.", "Lewis Strauss"], ["Florence Pugh", "Jean Tatlock"]],
    runtime: 181, popularity: 120.3, voteAverage: 8.1, crew: nolanCrew,
    overview: "The physicist who led the building of the atomic bomb lives with what he made.",
    recommendations: [577922, 374720, 157336, 693134],
  },
  // Denis Villeneuve
  {
    id: 438631, title: "Dune", releaseDate: "2021-09-15", genreIds: [878, 12], directors: VILLENEUVE,
    cast: [["Timothée Chalamet", "Paul Atreides"], ["Rebecca Ferguson", "Jessica"], ["Oscar Isaac", "Leto Atreides"], ["Josh Brolin", "Gurney Halleck"], ["Zendaya", "Chani"]],
    runtime: 155, popularity: 110.6, voteAverage: 7.8,
    overview: "A noble family takes charge of a desert planet and its precious spice.",
    recommendations: [693134, 335984, 329865, 841],
  },
  {
    id: 693134, title: "Dune: Part Two", releaseDate: "2024-02-27", genreIds: [878, 12], directors: VILLENEUVE,
    cast: [["Timothée Chalamet", "Paul Atreides"], ["Zendaya", "Chani"], ["Rebecca Ferguson", "Jessica"], ["Josh Brolin", "Gurney Halleck"], ["Austin Butler", "Feyd-Rautha"]],
    runtime: 167, popularity: 150.2, voteAverage: 8.2,
    overview: "Paul joins the desert people and wages war on those who destroyed his family.",
    recommendations: [438631, 335984, 872585],
  },
  {
    id: 329865, title: "Arrival", releaseDate: "2016-11-10", genreIds: [18, 878, 9648], directors: VILLENEUVE,
    cast: [["Amy Adams", "Louise Banks"], ["Jeremy Renner", "Ian Donnelly"], ["Forest Whitaker", "Colonel Weber"]],
    runtime: 116, popularity: 33.1, voteAverage: 7.6,
    overview: "A linguist learns the language of visitors from space, and time changes for her.",
    recommendations: [157336, 335984, 27205, 438631],
  },
  {
    id: 335984, title: "Blade Runner 2049", releaseDate: "2017-10-04", genreIds: [878, 18], directors: VILLENEUVE,
    cast: [["Ryan Gosling", "K"], ["Harrison Ford", "Rick Deckard"], ["Ana de Armas", "Joi"], ["Sylvia Hoeks", "Luv"]],
    runtime: 164, popularity: 48.9, voteAverage: 7.6,
    overview: "A replicant hunter finds a secret that could break what is left of society.",
    recommendations: [78, 438631, 329865, 603],
  },
  {
    id: 273481, title: "Sicario", releaseDate: "2015-09-17", genreIds: [28, 80, 53], directors: VILLENEUVE,
    cast: [["Emily Blunt", "Kate Macer"], ["Benicio del Toro", "Alejandro"], ["Josh Brolin", "Matt Graver"]],
    runtime: 122, popularity: 28.3, voteAverage: 7.4,
    overview: "An idealistic agent joins a shadowy task force on the border.",
    recommendations: [146233, 155, 329865],
  },
  {
    id: 146233, title: "Prisoners", releaseDate: "2013-09-18", genreIds: [18, 53, 80], directors: VILLENEUVE,
    cast: [["Hugh Jackman", "Keller Dover"], ["Jake Gyllenhaal", "Detective Loki"], ["Paul Dano", "Alex Jones"]],
    runtime: 153, popularity: 26.7, voteAverage: 8.1,
    overview: "A father takes the law into his own hands when his daughter goes missing.",
    recommendations: [273481, 77, 550],
  },
  // The other Dune: two movies share the title "Dune".
  {
    id: 841, title: "Dune", releaseDate: "1984-12-14", genreIds: [28, 878, 12], directors: ["David Lynch"],
    cast: [["Kyle MacLachlan", "Paul Atreides"], ["Francesca Annis", "Lady Jessica"], ["Sting", "Feyd-Rautha"]],
    runtime: 137, popularity: 25.4, voteAverage: 6.3,
    overview: "The first film of the desert planet saga, strange and ornate.",
    recommendations: [438631, 78, 348],
  },
  // Two directors.
  {
    id: 603, title: "The Matrix", releaseDate: "1999-03-30", genreIds: [28, 878], directors: ["Lana Wachowski", "Lilly Wachowski"],
    cast: [["Keanu Reeves", "Neo"], ["Laurence Fishburne", "Morpheus"], ["Carrie-Anne Moss", "Trinity"], ["Hugo Weaving", "Agent Smith"]],
    runtime: 136, popularity: 80.4, voteAverage: 8.2,
    crew: [["Lana Wachowski", "Writer"], ["Lilly Wachowski", "Writer"], ["Joel Silver", "Producer"]],
    overview: "A hacker learns that the world he knows is a simulation.",
    recommendations: [604, 27205, 155, 335984],
  },
  {
    id: 604, title: "The Matrix Reloaded", releaseDate: "2003-05-15", genreIds: [12, 28, 53, 878], directors: ["Lana Wachowski", "Lilly Wachowski"],
    cast: [["Keanu Reeves", "Neo"], ["Laurence Fishburne", "Morpheus"], ["Carrie-Anne Moss", "Trinity"]],
    runtime: 138, popularity: 35.2, voteAverage: 7.0,
    overview: "Neo and the rebels race to defend the last human city.",
    recommendations: [603],
  },
  {
    id: 78, title: "Blade Runner", releaseDate: "1982-06-25", genreIds: [878, 18, 53], directors: ["Ridley Scott"],
    cast: [["Harrison Ford", "Rick Deckard"], ["Rutger Hauer", "Roy Batty"], ["Sean Young", "Rachael"]],
    runtime: 117, popularity: 40.1, voteAverage: 7.9,
    overview: "A detective hunts artificial humans in a rainy future Los Angeles.",
    recommendations: [335984, 348, 603],
  },
  {
    id: 348, title: "Alien", releaseDate: "1979-05-25", genreIds: [27, 878], directors: ["Ridley Scott"],
    cast: [["Sigourney Weaver", "Ripley"], ["Tom Skerritt", "Dallas"], ["John Hurt", "Kane"]],
    runtime: 117, popularity: 45.0, voteAverage: 8.1,
    overview: "The crew of a cargo ship brings a deadly creature on board.",
    recommendations: [78, 694, 138843],
  },
  {
    id: 550, title: "Fight Club", releaseDate: "1999-10-15", genreIds: [18, 53], directors: ["David Fincher"],
    cast: [["Edward Norton", "The Narrator"], ["Brad Pitt", "Tyler Durden"], ["Helena Bonham Carter", "Marla Singer"]],
    runtime: 139, popularity: 61.4, voteAverage: 8.4,
    overview: "An office worker and a soap maker start an underground club.",
    recommendations: [155, 77, 603, 496243],
  },
  {
    id: 496243, title: "Parasite", originalTitle: "기생충", originalLanguage: "ko", releaseDate: "2019-05-30", genreIds: [35, 53, 18], directors: ["Bong Joon-ho"],
    cast: [["Song Kang-ho", "Kim Ki-taek"], ["Lee Sun-kyun", "Park Dong-ik"], ["Cho Yeo-jeong", "Yeon-kyo"]],
    runtime: 133, popularity: 70.3, voteAverage: 8.5,
    overview: "A poor family works its way into a rich household, one job at a time.",
    recommendations: [550, 419430, 146233],
  },
  // Animation
  {
    id: 862, title: "Toy Story", releaseDate: "1995-10-30", genreIds: [16, 12, 10751, 35], directors: ["John Lasseter"],
    cast: [["Tom Hanks", "Woody (voice)"], ["Tim Allen", "Buzz Lightyear (voice)"], ["Don Rickles", "Mr. Potato Head (voice)"]],
    runtime: 81, popularity: 100.2, voteAverage: 8.0,
    overview: "A cowboy doll feels threatened when a space ranger toy arrives.",
    recommendations: [863, 14160, 354912, 129],
  },
  {
    id: 863, title: "Toy Story 2", releaseDate: "1999-10-30", genreIds: [16, 35, 10751], directors: ["John Lasseter"],
    cast: [["Tom Hanks", "Woody (voice)"], ["Tim Allen", "Buzz Lightyear (voice)"], ["Joan Cusack", "Jessie (voice)"]],
    runtime: 92, popularity: 60.8, voteAverage: 7.6,
    overview: "Woody is stolen by a collector and his friends set out to bring him home.",
    recommendations: [862, 14160],
  },
  {
    id: 129, title: "Spirited Away", originalTitle: "千と千尋の神隠し", originalLanguage: "ja", releaseDate: "2001-07-20", genreIds: [16, 10751, 14], directors: ["Hayao Miyazaki"],
    cast: [["Rumi Hiiragi", "Chihiro (voice)"], ["Miyu Irino", "Haku (voice)"], ["Mari Natsuki", "Yubaba (voice)"]],
    runtime: 125, popularity: 90.7, voteAverage: 8.5,
    overview: "A girl is trapped in a bathhouse of spirits and must free her parents.",
    recommendations: [8392, 128, 862],
  },
  {
    id: 8392, title: "My Neighbor Totoro", originalTitle: "となりのトトロ", originalLanguage: "ja", releaseDate: "1988-04-16", genreIds: [14, 16, 10751], directors: ["Hayao Miyazaki"],
    cast: [["Noriko Hidaka", "Satsuki (voice)"], ["Chika Sakamoto", "Mei (voice)"]],
    runtime: 86, popularity: 40.0, voteAverage: 8.1,
    overview: "Two sisters in the countryside befriend forest spirits.",
    recommendations: [129, 128],
  },
  {
    id: 128, title: "Princess Mononoke", originalTitle: "もののけ姫", originalLanguage: "ja", releaseDate: "1997-07-12", genreIds: [12, 14, 16], directors: ["Hayao Miyazaki"],
    cast: [["Yoji Matsuda", "Ashitaka (voice)"], ["Yuriko Ishida", "San (voice)"]],
    runtime: 134, popularity: 55.3, voteAverage: 8.3,
    overview: "A cursed prince is caught in a war between a mining town and the forest gods.",
    recommendations: [129, 8392],
  },
  {
    id: 14160, title: "Up", releaseDate: "2009-05-28", genreIds: [16, 35, 10751, 12], directors: ["Pete Docter"],
    cast: [["Ed Asner", "Carl Fredricksen (voice)"], ["Jordan Nagai", "Russell (voice)"]],
    runtime: 96, popularity: 70.9, voteAverage: 7.9,
    overview: "An old man ties balloons to his house and flies off, with a stowaway.",
    recommendations: [862, 354912],
  },
  {
    id: 354912, title: "Coco", releaseDate: "2017-10-27", genreIds: [10751, 16, 14, 12], directors: ["Lee Unkrich"],
    cast: [["Anthony Gonzalez", "Miguel (voice)"], ["Gael García Bernal", "Héctor (voice)"]],
    // The co-director is not a "Director": only that exact job counts.
    crew: [["Adrian Molina", "Co-Director"]],
    runtime: 105, popularity: 80.1, voteAverage: 8.2,
    overview: "A boy who dreams of music crosses into the Land of the Dead.",
    recommendations: [14160, 862],
  },
  // Romantic comedies
  {
    id: 194, title: "Amélie", originalTitle: "Le Fabuleux Destin d'Amélie Poulain", originalLanguage: "fr", releaseDate: "2001-04-25", genreIds: [35, 10749], directors: ["Jean-Pierre Jeunet"],
    cast: [["Audrey Tautou", "Amélie Poulain"], ["Mathieu Kassovitz", "Nino Quincampoix"]],
    runtime: 122, popularity: 35.6, voteAverage: 7.9,
    overview: "A shy waitress in Montmartre quietly changes the lives around her.",
    recommendations: [313369, 639, 122906],
  },
  {
    id: 639, title: "When Harry Met Sally...", releaseDate: "1989-07-12", genreIds: [35, 10749, 18], directors: ["Rob Reiner"],
    cast: [["Billy Crystal", "Harry Burns"], ["Meg Ryan", "Sally Albright"]],
    runtime: 96, popularity: 25.9, voteAverage: 7.4,
    overview: "Over twelve years two friends argue whether men and women can be friends.",
    recommendations: [509, 194, 122906],
  },
  {
    id: 509, title: "Notting Hill", releaseDate: "1999-05-13", genreIds: [10749, 35, 18], directors: ["Roger Michell"],
    cast: [["Julia Roberts", "Anna Scott"], ["Hugh Grant", "William Thacker"]],
    runtime: 124, popularity: 30.3, voteAverage: 7.2,
    overview: "A bookshop owner falls for the most famous actress in the world.",
    recommendations: [639, 122906],
  },
  {
    id: 313369, title: "La La Land", releaseDate: "2016-11-29", genreIds: [35, 18, 10749, 10402], directors: ["Damien Chazelle"],
    cast: [["Ryan Gosling", "Sebastian"], ["Emma Stone", "Mia"]],
    runtime: 129, popularity: 50.6, voteAverage: 7.9,
    overview: "A jazz pianist and an actress chase their dreams in Los Angeles.",
    recommendations: [194, 50646, 122906],
  },
  {
    id: 50646, title: "Crazy, Stupid, Love.", releaseDate: "2011-07-29", genreIds: [35, 18, 10749], directors: ["Glenn Ficarra", "John Requa"],
    cast: [["Steve Carell", "Cal Weaver"], ["Ryan Gosling", "Jacob Palmer"], ["Emma Stone", "Hannah"]],
    runtime: 118, popularity: 28.8, voteAverage: 7.0,
    overview: "A newly single father learns to date from a smooth young stranger.",
    recommendations: [313369, 509],
  },
  {
    id: 122906, title: "About Time", releaseDate: "2013-08-14", genreIds: [18, 10749, 14], directors: ["Richard Curtis"],
    cast: [["Domhnall Gleeson", "Tim"], ["Rachel McAdams", "Mary"], ["Bill Nighy", "Dad"]],
    runtime: 123, popularity: 40.7, voteAverage: 7.9,
    overview: "A young man who can travel in time tries to get love right.",
    recommendations: [509, 639, 194],
  },
  // Horror
  {
    id: 694, title: "The Shining", releaseDate: "1980-05-23", genreIds: [27, 53], directors: ["Stanley Kubrick"],
    cast: [["Jack Nicholson", "Jack Torrance"], ["Shelley Duvall", "Wendy Torrance"]],
    runtime: 144, popularity: 44.5, voteAverage: 8.2,
    overview: "A winter caretaker of an empty hotel slowly loses his mind.",
    recommendations: [493922, 348, 138843],
  },
  {
    id: 419430, title: "Get Out", releaseDate: "2017-02-24", genreIds: [9648, 53, 27], directors: ["Jordan Peele"],
    cast: [["Daniel Kaluuya", "Chris Washington"], ["Allison Williams", "Rose Armitage"]],
    runtime: 104, popularity: 38.2, voteAverage: 7.6,
    overview: "A weekend with his girlfriend's family turns into a nightmare.",
    recommendations: [493922, 496243, 138843],
  },
  {
    id: 493922, title: "Hereditary", releaseDate: "2018-06-07", genreIds: [27, 9648, 53], directors: ["Ari Aster"],
    cast: [["Toni Collette", "Annie Graham"], ["Alex Wolff", "Peter Graham"]],
    runtime: 127, popularity: 36.4, voteAverage: 7.3,
    overview: "After a death in the family, dark secrets surface.",
    recommendations: [419430, 694, 138843],
  },
  {
    id: 138843, title: "The Conjuring", releaseDate: "2013-07-18", genreIds: [27, 53], directors: ["James Wan"],
    cast: [["Vera Farmiga", "Lorraine Warren"], ["Patrick Wilson", "Ed Warren"]],
    runtime: 112, popularity: 52.2, voteAverage: 7.5,
    overview: "Paranormal investigators help a family haunted in their farmhouse.",
    recommendations: [493922, 694],
  },
  // Quirks: an old record (no genre_ids / popularity in lists) and an unreleased film ("" date, no poster).
  {
    id: 19, title: "Metropolis", releaseDate: "1927-01-10", genreIds: [18, 878], directors: ["Fritz Lang"],
    cast: [["Brigitte Helm", "Maria"], ["Gustav Fröhlich", "Freder"]],
    runtime: 153, popularity: 15.1, voteAverage: 8.1, legacyShape: true,
    overview: "In a city of towers, the son of its master discovers the workers below.",
    recommendations: [78],
  },
  {
    id: 1183917, title: "The Untitled Lighthouse Project", releaseDate: "", posterPath: null, genreIds: [18], directors: ["Ines Varga"],
    cast: [], runtime: 0, popularity: 0.6, voteAverage: 0,
    overview: "",
    recommendations: [],
  },
];

const byId = new Map(fakeMovieList.map((movie) => [movie.id, movie]));
export const findFakeMovie = (id: number) => byId.get(id);

/** Handy names for the ids tests use most. */
export const fakeMovies = {
  inception: byId.get(27205)!,
  interstellar: byId.get(157336)!,
  darkKnight: byId.get(155)!,
  batmanBegins: byId.get(272)!,
  tenet: byId.get(577922)!,
  dunkirk: byId.get(374720)!,
  prestige: byId.get(1124)!,
  memento: byId.get(77)!,
  oppenheimer: byId.get(872585)!,
  dune2021: byId.get(438631)!,
  dunePartTwo: byId.get(693134)!,
  dune1984: byId.get(841)!,
  arrival: byId.get(329865)!,
  bladeRunner2049: byId.get(335984)!,
  sicario: byId.get(273481)!,
  prisoners: byId.get(146233)!,
  matrix: byId.get(603)!,
  matrixReloaded: byId.get(604)!,
  bladeRunner: byId.get(78)!,
  alien: byId.get(348)!,
  fightClub: byId.get(550)!,
  parasite: byId.get(496243)!,
  toyStory: byId.get(862)!,
  toyStory2: byId.get(863)!,
  spiritedAway: byId.get(129)!,
  totoro: byId.get(8392)!,
  mononoke: byId.get(128)!,
  up: byId.get(14160)!,
  coco: byId.get(354912)!,
  amelie: byId.get(194)!,
  whenHarryMetSally: byId.get(639)!,
  nottingHill: byId.get(509)!,
  laLaLand: byId.get(313369)!,
  crazyStupidLove: byId.get(50646)!,
  aboutTime: byId.get(122906)!,
  shining: byId.get(694)!,
  getOut: byId.get(419430)!,
  hereditary: byId.get(493922)!,
  conjuring: byId.get(138843)!,
  metropolis: byId.get(19)!,
  /** release_date "" and poster_path null. */
  undated: byId.get(1183917)!,
} satisfies Record<string, FakeMovie>;

/** An id the fake answers 404 for. */
export const UNKNOWN_TMDB_ID = 999_999_999;
