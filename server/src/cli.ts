import { readFileSync } from 'node:fs';
import { ConfigError, parseServeArgs, SERVE_HELP, type ServerConfig } from './config.js';

// Fastify, SQLite and the rest load only for the command that needs them, so
// `--help` and a bad setting answer at once.

function version(): string {
  const manifest = JSON.parse(
    readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
  ) as { version: string };
  return manifest.version;
}

async function serve(config: ServerConfig): Promise<void> {
  const { buildApp } = await import('./app.js');
  const app = await buildApp(config);
  if (!config.rateLimits) app.log.warn('rate limiting is OFF (--no-rate-limit)');
  if (config.origins.includes('*')) app.log.warn('every origin may call this server (--origin *)');
  const address = await app.listen({ port: config.port, host: config.host });
  console.log(`confab-server listening on ${address}`);
  if (!config.rateLimits) console.log('confab-server: rate limiting is off');
  if (!config.pageOrigins) {
    console.log(
      'confab-server: any site may post threads under its own page URLs here; in production, ' +
        'add --page-origins so URL page keys must belong to the --origin list',
    );
  }
  if (config.mail) {
    // The relay's host only: a URL may hold credentials.
    console.log(
      `confab-server: reply mail via ${new URL(config.mail.smtp).host}, links under ${config.publicUrl}`,
    );
  }
  if (config.webhooks)
    console.log(`confab-server: webhooks to ${config.webhooks.urls.length} URL(s)`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      app.log.error('shutdown took over 10 s; exiting');
      process.exit(1);
    }, 10_000);
    force.unref();
    app.close().then(
      () => {
        console.log('confab-server stopped');
        process.exit(0);
      },
      (error: unknown) => {
        app.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

async function main(argv: string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === 'admin') return (await import('./admin.js')).runAdmin(rest);
  if (first === 'render') return (await import('./render-command.js')).runRender(rest);
  if (first === 'seed') return (await import('./seed.js')).runSeed(rest);
  if (first === 'import') return (await import('./import/command.js')).runImport(rest);
  if (first === 'export') return (await import('./export/command.js')).runExport(rest);
  if (first === 'migrate') return (await import('./migrate.js')).runMigrate(rest);
  const args = first === 'serve' ? rest : argv;
  const command = parseServeArgs(args);
  if (command.kind === 'help') {
    process.stdout.write(SERVE_HELP);
    return 0;
  }
  if (command.kind === 'version') {
    console.log(version());
    return 0;
  }
  await serve(command.config);
  return -1;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof ConfigError) {
      console.error(`confab-server: ${error.message}`);
      process.exit(2);
    }
    // A port in use, a database that cannot be opened, a disk full: the
    // message says it; a stack trace would only bury it.
    console.error(`confab-server: cannot start: ${(error as Error).message ?? String(error)}`);
    if (process.env.CONFAB_DEBUG) console.error(error);
    process.exit(1);
  },
);
