import type { Catalogue } from './en.js';

type Loader = () => Promise<{ default: Partial<Catalogue> }>;

/**
 * Each language's texts as two chunks, by the lower-case tags the Localizer's TAGS lists (keep
 * the two equal; a test checks it): what reading shows, and what the write path says, which only
 * a reader who starts to write loads. Portuguese readers of every region get the Brazilian
 * catalogue and Chinese readers the Simplified one, until a catalogue for their region exists.
 */
const loaders: Record<string, { read: Loader; write: Loader }> = {
  ar: { read: () => import('./ar.js'), write: () => import('./ar-composer.js') },
  de: { read: () => import('./de.js'), write: () => import('./de-composer.js') },
  es: { read: () => import('./es.js'), write: () => import('./es-composer.js') },
  fr: { read: () => import('./fr.js'), write: () => import('./fr-composer.js') },
  he: { read: () => import('./he.js'), write: () => import('./he-composer.js') },
  it: { read: () => import('./it.js'), write: () => import('./it-composer.js') },
  ja: { read: () => import('./ja.js'), write: () => import('./ja-composer.js') },
  nl: { read: () => import('./nl.js'), write: () => import('./nl-composer.js') },
  pl: { read: () => import('./pl.js'), write: () => import('./pl-composer.js') },
  pt: { read: () => import('./pt-BR.js'), write: () => import('./pt-BR-composer.js') },
  uk: { read: () => import('./uk.js'), write: () => import('./uk-composer.js') },
  zh: { read: () => import('./zh-CN.js'), write: () => import('./zh-CN-composer.js') },
};

export { loaders };

/** One part of the texts of a tag `loaders` has (the Localizer asks only for those). */
export default async function load(
  tag: string,
  part: 'read' | 'write',
): Promise<Partial<Catalogue>> {
  return (await loaders[tag]![part]()).default;
}
