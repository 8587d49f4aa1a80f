// The film filter flags (--on, --lang, --country, --max-cert) as the API's query parameters.

export type FilmFilterFlags = {
  on?: string;
  lang?: string;
  country?: string;
  maxCert?: string;
};

export const filmFilterQuery = ({ on, lang, country, maxCert }: FilmFilterFlags) => ({ on, lang, country, maxCert });
