// Vocabulary for generated contacts. Swiss-flavoured on purpose: the spellings, case
// and Unicode variants below ("Zürich", "Zurich", "ZÜRICH", decomposed "Zürich") are
// what real imports contain, and segment matching has to cope with them.

import { weighted } from './random.js';

export const FEMALE_FIRST = [
  'Anna', 'Laura', 'Sarah', 'Julia', 'Lea', 'Mia', 'Sophie', 'Céline', 'Chloé', 'Léa',
  'Elena', 'Giulia', 'Martina', 'Sandra', 'Nicole', 'Andrea', 'Claudia', 'Monika', 'Ursula',
  'Ruth', 'Verena', 'Zoé', 'Noémie', 'Jana', 'Lina', 'Emma', 'Lara', 'Nina', 'Aylin',
  'Hélène', 'Françoise', 'Bianca', 'Chiara', 'Sofia', 'Mélanie', 'Jasmin', 'Fatima', 'Ana',
] as const;

export const MALE_FIRST = [
  'Daniel', 'Thomas', 'Peter', 'Martin', 'Michael', 'Andreas', 'Stefan', 'Christian', 'Marco',
  'Luca', 'Noah', 'Liam', 'Leon', 'David', 'Lukas', 'Jonas', 'Nicolas', 'Mathieu', 'Jérôme',
  'François', 'Luc', 'Matteo', 'Alessandro', 'Giovanni', 'Hans', 'Walter', 'Urs', 'Beat',
  'Reto', 'Jürg', 'Rolf', 'Patrick', 'Samuel', 'Elias', 'Yannick', 'Mehmet', 'José', 'Björn',
] as const;

export const LAST_NAMES = [
  'Müller', 'Meier', 'Schmid', 'Keller', 'Weber', 'Huber', 'Schneider', 'Meyer', 'Steiner',
  'Fischer', 'Gerber', 'Brunner', 'Baumann', 'Frei', 'Zimmermann', 'Moser', 'Widmer', 'Wyss',
  'Graf', 'Roth', 'Suter', 'Bühler', 'Kälin', 'Lüthi', 'Bösch', 'Hürlimann', 'Favre', 'Rochat',
  'Bonvin', 'Dubois', 'Girard', 'Perrin', 'Fontana', 'Rossi', 'Bianchi', 'Ferrari', 'Colombo',
  'Gashi', 'Berisha', 'Da Silva', 'Ferreira', 'Yılmaz', 'Nguyen', 'Fernández', 'de Weck',
  'von Arx', 'Aebischer', 'Nussbaumer', "O'Neill", 'Schärer',
] as const;

export interface CityEntry {
  readonly city: string;
  readonly country: string;
  readonly language: 'de' | 'en' | 'fr' | 'it';
}

const ch = (city: string, language: CityEntry['language']): CityEntry => ({ city, country: 'CH', language });
const abroad = (city: string, country: string, language: CityEntry['language']): CityEntry => ({ city, country, language });

/** Weighted by rough population share of a Swiss B2C list, with the spelling noise of real data. */
export const CITIES = weighted<CityEntry>([
  [ch('Zürich', 'de'), 14], [ch('Zurich', 'de'), 3], [ch('ZÜRICH', 'de'), 0.8], [ch('zürich', 'de'), 0.8],
  [ch('Zuerich', 'de'), 0.4], [ch('Zu\u0308rich', 'de'), 0.3], // decomposed ü, as pasted from macOS
  [ch('Genève', 'fr'), 6], [ch('Geneva', 'fr'), 2], [ch('Genf', 'de'), 1], [ch('GENÈVE', 'fr'), 0.3],
  [ch('Bern', 'de'), 6], [ch('BERN', 'de'), 0.3], [ch('Berne', 'fr'), 0.5],
  [ch('Basel', 'de'), 6], [ch('Bâle', 'fr'), 0.3],
  [ch('Luzern', 'de'), 3], [ch('Lucerne', 'en'), 0.5],
  [ch('Lausanne', 'fr'), 4], [ch('Winterthur', 'de'), 3], [ch('St. Gallen', 'de'), 2.5],
  [ch('Lugano', 'it'), 2.5], [ch('Biel/Bienne', 'de'), 1.5], [ch('Thun', 'de'), 1.2],
  [ch('Zug', 'de'), 1.5], [ch('Fribourg', 'fr'), 1.2], [ch('Neuchâtel', 'fr'), 1], [ch('Chur', 'de'), 1],
  [ch('Sion', 'fr'), 0.8], [ch('Schaffhausen', 'de'), 0.8], [ch('Aarau', 'de'), 1], [ch('Baden', 'de'), 0.8],
  [ch('Uster', 'de'), 0.7], [ch('Köniz', 'de'), 0.6], [ch('La Chaux-de-Fonds', 'fr'), 0.5],
  [ch('Locarno', 'it'), 0.5], [ch('Bellinzona', 'it'), 0.5],
  [abroad('München', 'DE', 'de'), 1], [abroad('Berlin', 'DE', 'de'), 1], [abroad('Konstanz', 'DE', 'de'), 0.3],
  [abroad('Wien', 'AT', 'de'), 0.8], [abroad('Milano', 'IT', 'it'), 0.6], [abroad('Lyon', 'FR', 'fr'), 0.5],
  [abroad('Paris', 'FR', 'fr'), 0.5], [abroad('London', 'GB', 'en'), 0.5],
]);

/** How people type "Switzerland" into a free-text country field. */
export const SWISS_COUNTRY = weighted<string>([
  ['CH', 88], ['ch', 3], ['Schweiz', 3], ['Switzerland', 3], ['Suisse', 1.5], ['Svizzera', 0.5],
]);

export const LANGUAGES = ['de', 'en', 'fr', 'it'] as const;

export const EMAIL_DOMAINS = weighted<string>([
  ['gmail.example', 30], ['bluewin.example', 20], ['gmx.example', 12], ['outlook.example', 10],
  ['hotmail.example', 6], ['icloud.example', 6], ['sunrise.example', 4], ['proton.example', 2],
]);

/** Free-text industry with the case and wording variety of self-reported data. */
export const INDUSTRIES = weighted<string>([
  ['Retail', 14], ['retail', 3], ['E-Commerce / Retail', 3], ['Software', 10], ['IT Services', 6],
  ['Healthcare', 7], ['Finance', 6], ['Banking', 4], ['Manufacturing', 8], ['Education', 5],
  ['Hospitality', 6], ['Public Sector', 3], ['Food & Beverage', 4], ['Consulting', 6],
  ['Logistics', 4], ['Construction', 4], ['Media', 3], ['Non-profit', 2],
]);

export const COMPANY_SUFFIX = ['ag', 'gmbh', 'sa', 'sagl', 'group', 'partners'] as const;

export const TAGS = {
  newsletter: 'newsletter', vip: 'vip', beta: 'beta', eco: 'eco', b2b: 'b2b',
  event: 'event-2024', wholesale: 'wholesale', referral: 'referral',
} as const;

const slugs = new Map<string, string>();

/** Turns a display name into the ASCII that people use in e-mail addresses and domains. */
export function asciiSlug(s: string): string {
  let slug = slugs.get(s);
  if (slug === undefined) {
    slug = toAscii(s);
    slugs.set(s, slug);
  }
  return slug;
}

function toAscii(s: string): string {
  return s
    .replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue')
    .replace(/Ä/g, 'Ae').replace(/Ö/g, 'Oe').replace(/Ü/g, 'Ue')
    .normalize('NFD').replace(/[\u0300-\u036f]/g, '')
    .replace(/ı/g, 'i')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');
}
