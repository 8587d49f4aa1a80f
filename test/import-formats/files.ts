// Real-shaped import files, written by the tests themselves: a Letterboxd export zip (every CSV of a
// real export, plus its other files and folders) and IMDb ratings and list exports, with quoted
// commas, accents, CJK titles, CRLF line ends and a UTF-8 BOM; reviews over several lines with
// quotes, commas and emoji, tags, and a profile whose favourite films are Letterboxd URIs.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import zlib from "node:zlib";
import { ZipFile } from "yazl";

export const scratchDir = () => mkdtempSync(join(tmpdir(), "watchlist-import-"));

export const BOM = "\uFEFF";
export const crlf = (lines: string[]) => `${lines.join("\r\n")}\r\n`;
export const lf = (lines: string[]) => `${lines.join("\n")}\n`;

export const letterboxd = {
  ratings: [
    "Date,Name,Year,Letterboxd URI,Rating",
    "2019-05-02,The Matrix,1999,https://boxd.it/29Qs,5",
    '2020-01-10,"Crouching Tiger, Hidden Dragon",2000,https://boxd.it/1Ysm,4',
    "2020-02-01,Amélie,2001,https://boxd.it/1YPw,3.5",
    "2021-03-04,千と千尋の神隠し,2001,https://boxd.it/1ZWK,4.5",
    "2021-05-05,Cats,2019,https://boxd.it/kd4W,0.5",
  ],
  diary: [
    "Date,Name,Year,Letterboxd URI,Rating,Rewatch,Tags,Watched Date",
    "2019-05-02,The Matrix,1999,https://boxd.it/aXb1,5,,,2019-05-01",
    '2022-06-01,The Matrix,1999,https://boxd.it/aXb2,5,Yes,"imax, with friends",2022-05-30',
    '2020-01-10,"Crouching Tiger, Hidden Dragon",2000,https://boxd.it/aXb3,4,,,2020-01-09',
    "2021-01-01,A Broken Row,2020",
  ],
  watched: [
    "Date,Name,Year,Letterboxd URI",
    "2019-05-02,The Matrix,1999,https://boxd.it/29Qs",
    '2020-01-10,"Crouching Tiger, Hidden Dragon",2000,https://boxd.it/1Ysm',
    "2020-02-01,Amélie,2001,https://boxd.it/1YPw",
    "2021-03-04,千と千尋の神隠し,2001,https://boxd.it/1ZWK",
    "2021-05-05,Cats,2019,https://boxd.it/kd4W",
    "2017-07-07,Heat,1995,https://boxd.it/1ZoM",
  ],
  watchlist: [
    "Date,Name,Year,Letterboxd URI",
    "2018-03-03,Arrival,2016,https://boxd.it/b0Ts",
    "2019-01-01,Amélie,2001,https://boxd.it/1YPw",
  ],
  // A review's URI is its diary entry's; Heat's review has no diary row (its viewing comes from here).
  reviews: [
    "Date,Name,Year,Letterboxd URI,Rating,Rewatch,Review,Tags,Watched Date",
    '2019-05-02,The Matrix,1999,https://boxd.it/aXb1,5,,"Whoa.',
    "",
    'He said ""there is no spoon"", and I believed him 🥄🍿",,2019-05-01',
    '2022-06-01,The Matrix,1999,https://boxd.it/aXb2,5,Yes,"Better in IMAX, honestly.",IMAX,2022-05-30',
    '2017-07-08,Heat,1995,https://boxd.it/aXb4,,,"Long, but the diner scene… 🔥","heist, with sam",2017-07-07',
  ],
  profile: [
    "Date Joined,Username,Given Name,Family Name,Email Address,Location,Website,Bio,Pronoun,Favorite Films",
    '2018-01-01,me,Sam,,me@example.com,London,,"Films, mostly.',
    'Sometimes ""midnight"" ones 📼",,"https://boxd.it/29Qs, https://boxd.it/1ZWK, https://boxd.it/zzzz"',
  ],
};

/**
 * A zip laid out as Letterboxd's export is, with files the import must ignore. `damaged` names a file
 * whose compressed data is broken (its first deflate block gets an invalid type), as a bad download does;
 * `edit` changes a file's text (an export made later).
 */
export function letterboxdZip(
  path: string,
  options: { damaged?: string; edit?: (name: string, text: string) => string } = {},
): Promise<void> {
  const zip = new ZipFile();
  const add = (name: string, text: string) => zip.addBuffer(Buffer.from(options.edit?.(name, text) ?? text), name, { compress: true });
  add("profile.csv", lf(letterboxd.profile));
  add("ratings.csv", BOM + crlf(letterboxd.ratings));
  add("diary.csv", lf(letterboxd.diary));
  add("watched.csv", lf(letterboxd.watched));
  add("watchlist.csv", lf(letterboxd.watchlist));
  add("reviews.csv", lf(letterboxd.reviews));
  add("comments.csv", lf(["Date,Content,Comment on", '2021-01-01,"Agreed, 100% 👍",https://boxd.it/c1']));
  // Same names and columns as the account's files, but not the account's ratings or watchlist.
  add("likes/films.csv", lf(["Date,Name,Year,Letterboxd URI", "2020-01-01,A Liked Film,2010,https://boxd.it/lk1"]));
  add(
    "lists/favourites.csv",
    lf(["Letterboxd list export v7", "Date,Name,Tags,URL,Description", "2020-01-01,Favourites,,https://boxd.it/l1,"]),
  );
  add(
    "deleted/diary.csv",
    lf([
      "Date,Name,Year,Letterboxd URI,Rating,Rewatch,Tags,Watched Date",
      "2020-01-01,A Deleted Entry,2011,https://boxd.it/d1,1,,,2020-01-01",
    ]),
  );
  add("deleted/reviews.csv", lf([letterboxd.reviews[0], "2020-01-01,A Deleted Entry,2011,https://boxd.it/d1,1,,Gone.,,2020-01-01"]));
  add("orphaned/watchlist.csv", lf(["Date,Name,Year,Letterboxd URI", "2020-01-01,An Orphan,2012,https://boxd.it/o1"]));
  zip.addEmptyDirectory("lists");
  return new Promise((resolve, reject) => {
    zip.outputStream.on("error", reject);
    const chunks: Buffer[] = [];
    zip.outputStream.on("data", (chunk: Buffer) => chunks.push(chunk));
    zip.outputStream.on("end", () => {
      const bytes = Buffer.concat(chunks);
      if (options.damaged) {
        // The local header (30 bytes, then the name and an extra field) comes first, then the data.
        const header = bytes.indexOf(options.damaged) - 30;
        const data = header + 30 + bytes.readUInt16LE(header + 26) + bytes.readUInt16LE(header + 28);
        bytes[data] = 0xff;
      }
      writeFileSync(path, bytes);
      resolve();
    });
    zip.end();
  });
}

const IMDB_RATINGS_HEADER =
  "Const,Your Rating,Date Rated,Title,Original Title,URL,Title Type,IMDb Rating,Runtime (mins),Year,Genres,Num Votes,Release Date,Directors";
const imdbUrl = (id: string) => `https://www.imdb.com/title/${id}/`;

export const imdbRatings = [
  IMDB_RATINGS_HEADER,
  `tt0133093,10,2019-05-02,The Matrix,The Matrix,${imdbUrl("tt0133093")},Movie,8.7,136,1999,"Action, Sci-Fi",2100000,1999-03-24,"Lana Wachowski, Lilly Wachowski"`,
  `tt0190332,7,2020-01-10,"Crouching Tiger, Hidden Dragon",Wo hu cang long,${imdbUrl("tt0190332")},Movie,7.9,120,2000,"Action, Adventure, Drama",280000,2000-07-07,Ang Lee`,
  `tt0211915,5,2020-02-01,Amélie,Le fabuleux destin d'Amélie Poulain,${imdbUrl("tt0211915")},Movie,8.3,122,2001,"Comedy, Romance",790000,2001-04-25,Jean-Pierre Jeunet`,
  `tt0245429,9,2021-03-04,Spirited Away,千と千尋の神隠し,${imdbUrl("tt0245429")},Movie,8.6,125,2001,"Animation, Adventure, Family",900000,2001-07-20,Hayao Miyazaki`,
  `tt0903747,10,2021-04-01,Breaking Bad,Breaking Bad,${imdbUrl("tt0903747")},TV Series,9.5,49,2008,"Crime, Drama, Thriller",2200000,2008-01-20,`,
  `tt0959621,8,2021-04-02,Ozymandias,Ozymandias,${imdbUrl("tt0959621")},TV Episode,10,47,2013,"Crime, Drama",230000,2013-09-15,Rian Johnson`,
  `tt0113277,4,2021-04-03,Heat`,
  `tt0086250,1,2021-04-04,"He Said ""Hi""",He Said Hi,${imdbUrl("tt0086250")},TV Movie,5.0,90,1983,Drama,1000,1983-01-01,Someone`,
  `tt0120737,3,2021-04-05,A Short One,A Short One,${imdbUrl("tt0120737")},Short,6.0,12,2003,Animation,5000,2003-01-01,Someone Else`,
  `tt2085059,6,2021-04-06,Hitman,Hitman,${imdbUrl("tt2085059")},Video Game,8.0,,2016,Action,9000,2016-03-11,`,
];

const IMDB_LIST_HEADER =
  "Position,Const,Created,Modified,Description,Title,Original Title,URL,Title Type,IMDb Rating,Runtime (mins),Year,Genres,Num Votes,Release Date,Directors,Your Rating,Date Rated";

export const imdbWatchlist = [
  IMDB_LIST_HEADER,
  `1,tt2543164,2018-03-03,2018-03-03,,Arrival,Arrival,${imdbUrl("tt2543164")},Movie,7.9,116,2016,"Drama, Mystery, Sci-Fi",800000,2016-11-11,Denis Villeneuve,,`,
  `2,tt0816692,2019-04-04,2019-04-04,"a note, with a comma",Interstellar,Interstellar,${imdbUrl("tt0816692")},Movie,8.7,169,2014,"Adventure, Drama, Sci-Fi",2200000,2014-11-07,Christopher Nolan,9,2020-01-01`,
  `3,tt0944947,2019-05-05,2019-05-05,,Game of Thrones,Game of Thrones,${imdbUrl("tt0944947")},TV Series,9.2,57,2011,"Action, Adventure, Drama",2300000,2011-04-17,,,`,
];

export function writeText(dir: string, name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/**
 * A real zip bomb: Letterboxd's watched.csv header and `inflatedBytes` (default 1 GiB) of rows in a
 * zip of about 1 MB. Made in a second, not by deflating a gigabyte: one MiB of rows is deflated with
 * a full flush (a block that refers to nothing before it) and that block repeated, then a final empty
 * block. `claimedBytes` writes another uncompressed size in the zip's headers (a directory that lies).
 */
export function zipBomb(path: string, { inflatedBytes = 1 << 30, claimedBytes }: { inflatedBytes?: number; claimedBytes?: number } = {}) {
  const row = "2024-01-01,A Film,2000,https://boxd.it/abcd\n";
  const header = Buffer.from("Date,Name,Year,Letterboxd URI\n");
  const block = Buffer.from(row.repeat(Math.floor((1 << 20) / row.length)));
  const copies = Math.max(1, Math.floor((inflatedBytes - header.length) / block.length));
  const flush = { finishFlush: zlib.constants.Z_FULL_FLUSH, level: 9 };
  const deflated = Buffer.concat([
    zlib.deflateRawSync(header, flush),
    ...Array<Buffer>(copies).fill(zlib.deflateRawSync(block, flush)),
    Buffer.from([0x03, 0x00]), // a final, empty fixed-Huffman block
  ]);
  let crc = zlib.crc32(header);
  for (let copy = 0; copy < copies; copy++) crc = zlib.crc32(block, crc);
  const size = header.length + copies * block.length;
  const name = Buffer.from("watched.csv");
  const fields = (claimed: number) => {
    const buffer = Buffer.alloc(16);
    buffer.writeUInt32LE(crc >>> 0, 0);
    buffer.writeUInt32LE(deflated.length, 4);
    buffer.writeUInt32LE(claimed, 8);
    buffer.writeUInt16LE(name.length, 12);
    return buffer;
  };
  const claimed = claimedBytes ?? size;
  // Local file header: signature, version 2.0, no flags, deflate, a time and date, then the fields.
  const local = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04, 20, 0, 0, 0, 8, 0, 0, 0, 0x21, 0]), fields(claimed)]);
  const central = Buffer.concat([
    Buffer.from([0x50, 0x4b, 0x01, 0x02, 20, 0, 20, 0, 0, 0, 8, 0, 0, 0, 0x21, 0]),
    fields(claimed),
    Buffer.alloc(14), // comment length, disk, internal and external attributes, local header offset (0)
    name,
  ]);
  const localPart = Buffer.concat([local, name, deflated]);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length, 12);
  end.writeUInt32LE(localPart.length, 16);
  writeFileSync(path, Buffer.concat([localPart, central, end]));
  return { inflatedBytes: size, zipBytes: localPart.length + central.length + end.length };
}
