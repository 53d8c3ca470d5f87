export function internalPropertyNames(): string[];
