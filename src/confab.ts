// The script-tag entry (dist/confab.js): registers the elements when loaded.
import './define.js';
