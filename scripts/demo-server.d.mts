// Types for demo-server.mjs, which the TypeScript end-to-end tests import.
import type { ChildProcess } from 'node:child_process';
import type { Server } from 'node:http';

export const REPO_ROOT: string;
export const DEMO_DIR: string;
export const DIST_DIR: string;
export const SEED_FILE: string;
export const DEFAULT_API_URL: string;

export function createStaticServer(options?: {
  apiUrl?: string | (() => string);
  roots?: string[];
}): Server;
export function listen(server: Server, port: number, host?: string): Promise<number>;
export function closeServer(server: Server): Promise<void>;
export function widgetBuildIsStale(): Promise<boolean>;
export function ensureWidgetBuilt(options?: { log?: (message: string) => void }): Promise<boolean>;
export function seedDatabase(dbFile: string, seedFile?: string): Promise<string>;
export function addModerator(dbFile: string, name: string): Promise<string>;

export interface ApiServer {
  /** The URL the server printed, without a trailing slash. */
  url: string;
  process: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM, then SIGKILL after 5 s; resolves once the process is gone. */
  stop(): Promise<void>;
  /** Everything the server printed so far. */
  output(): string;
}

export function startApiServer(options: {
  dbFile: string;
  port: number;
  origin: string;
  host?: string;
  rateLimit?: boolean;
  /** More `confab-server` flags, e.g. `['--moderation', 'hold']`. */
  flags?: string[];
  readyTimeoutMs?: number;
}): Promise<ApiServer>;
