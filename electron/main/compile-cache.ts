/**
 * Imported first by the Electron shell: from here on, the modules the app loads (the core's libraries, the writers
 * at the first report) keep V8's compiled code between launches (Node 22.1+, which Electron ships; a no-op where
 * the runtime lacks it).
 */
import module from 'node:module';

(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();
