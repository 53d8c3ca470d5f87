// Custom Elements Manifest settings (`npm run analyze` → custom-elements.json).
//
// The analyzer also reads `this.dispatchEvent(new SomeEvent(arg))` and takes the first
// constructor argument for the event's name (`code`, `id`, `comment`, …). Our event classes
// carry their names inside, and every event is documented with `@fires`, so only those
// documented, hyphenated names are kept.
const EVENT_NAME = /^[a-z]+(?:-[a-z]+)+$/;

export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/**/*.test.ts'],
  litelement: true,
  plugins: [
    {
      name: 'confab-documented-events-only',
      packageLinkPhase({ customElementsManifest }) {
        for (const module of customElementsManifest.modules) {
          for (const declaration of module.declarations ?? []) {
            if (!declaration.events) continue;
            const seen = new Set();
            declaration.events = declaration.events.filter((event) => {
              if (!event.name || !EVENT_NAME.test(event.name) || seen.has(event.name)) return false;
              seen.add(event.name);
              return true;
            });
          }
        }
      },
    },
  ],
};
