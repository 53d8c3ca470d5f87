import type { Catalogue } from './en.js';

type Loader = () => Promise<{ default: Catalogue }>;

/**
 * Each catalogue as a chunk of its own, by the lower-case tags the Localizer's TAGS lists (keep
 * the two equal; a test checks it). Portuguese readers of every region get the Brazilian
 * catalogue and Chinese readers the Simplified one, until a catalogue for their region exists.
 */
const loaders: Record<string, Loader> = {
  ar: () => import('./ar.js'),
  de: () => import('./de.js'),
  es: () => import('./es.js'),
  fr: () => import('./fr.js'),
  he: () => import('./he.js'),
  it: () => import('./it.js'),
  ja: () => import('./ja.js'),
  nl: () => import('./nl.js'),
  pl: () => import('./pl.js'),
  pt: () => import('./pt-BR.js'),
  uk: () => import('./uk.js'),
  zh: () => import('./zh-CN.js'),
};

export { loaders };

/** The catalogue of a tag `loaders` has (the Localizer asks only for those). */
export default async function load(tag: string): Promise<Catalogue> {
  return (await loaders[tag]!()).default;
}
