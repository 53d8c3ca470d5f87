import type { Plugin } from 'vite';

export const PURIFY_FILE: RegExp;
export function emptyPurifyDefaults(code: string): string;
export function purifyDefaults(): Plugin;
