import type { Plugin } from 'vite';

export function minifyHtmlText(text: string): string;
export function minifyCssText(text: string): string;
export function minifyTemplatesInSource(code: string, fileName?: string): string | null;
export function minifyLitTemplates(): Plugin;
